package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.DurationWords;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.TypedText;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.membership.Member;
import org.gpaction.membership.MemberDetailsChanged;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.members.AuditLog;
import org.gpaction.membership.members.MemberImport;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members update their own details after signing in with a single-use, short-lived link sent to their registered
 * address. Every change is a new version of the record, so the roll can say what it knew at any instant.
 */
@Service
class MemberDetails {

    private static final String ACTOR = MemberIdentities.SELF_SERVICE;

    /** An address as a sign-in holds it, one spelling of it in any case. */
    private static final String ADDRESS_KEY = "sha256(convert_to(lower(%s), 'UTF8'))";

    /**
     * The rule for every sign-in, by link or by session: it holds only while the member's address is the one its link
     * went to. Whoever reads the mailbox the member had may not be the member, who may have moved from it (or had it
     * corrected by an import) for that reason. Checked where a sign-in is used rather than written where an address
     * changes, so that an import changing thousands of addresses in one statement needs nothing more.
     */
    private static final String AT_THE_MEMBERS_ADDRESS =
            "(select %s from membership.member m where m.membership_number = link.membership_number) = link.sent_to"
                    .formatted(ADDRESS_KEY.formatted("m.email"));

    private final JdbcClient jdbc;
    private final MemberRepository members;
    private final Practices practices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final FailedAttempts attempts;
    private final ApplicationEventPublisher events;
    private final MembershipProperties properties;
    private final GpActionProperties app;
    private final RecipientLimit recipients;
    private final MemberIdentities identities;
    private final Clock clock;

    MemberDetails(
            JdbcClient jdbc,
            MemberRepository members,
            Practices practices,
            Outbox outbox,
            AuditLog audit,
            FailedAttempts attempts,
            ApplicationEventPublisher events,
            MembershipProperties properties,
            GpActionProperties app,
            RecipientLimit recipients,
            MemberIdentities identities,
            Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.practices = practices;
        this.outbox = outbox;
        this.audit = audit;
        this.attempts = attempts;
        this.events = events;
        this.properties = properties;
        this.app = app;
        this.recipients = recipients;
        this.identities = identities;
        this.clock = clock;
    }

    /**
     * Queues a sign-in email to the address, whoever it belongs to; the caller answers the same either way. Whether
     * it belongs to a member is looked up only when the email goes out ({@link DetailsSignInLinks}), so that the
     * request does the same work, and takes the same time, for a member and a stranger.
     */
    @Transactional
    void requestLink(String email, String address) {
        if (TypedText.hasControlCharacters(email)) {
            throw new InvalidDetails(Map.of("email", controlCharacters("Email address")));
        }
        // No member holds an address mail cannot be sent to, so refusing one tells nothing about who is a member,
        // while taking it would tell whoever mistyped theirs to wait for a link that cannot come.
        String cleaned = Joining.clean(email).toLowerCase(Locale.ROOT);
        if (!EmailAddresses.isSendable(cleaned)) {
            throw new InvalidDetails(
                    Map.of("email", "Enter an email address in the correct format, like name@example.com"));
        }
        if (!attempts.admit(
                RequestKind.DETAILS_LINK_REQUEST,
                address,
                properties.requestsPerAddress(),
                properties.requestWindow())) {
            throw new Joining.TooManyRequests();
        }
        if (!recipients.mayEmail(cleaned)) {
            return;
        }
        outbox.sendWithSecretLinkAfterAnswering(
                new Email(
                        cleaned,
                        "Sign in to update your details",
                        "Open this link to check and update your membership details:\n\n"
                                + Email.SECRET_LINK + "\n\n"
                                + "The link works once and expires in "
                                + DurationWords.inWords(properties.detailsLinkLifetime())
                                + ". If you did not ask for it, you can ignore this email.",
                        DetailsSignInLinks.CATEGORY),
                cleaned);
    }

    /**
     * A fresh sign-in link for the member with this address, stored as its hash only; empty when no member has it,
     * and the email is then withdrawn unsent.
     */
    Optional<String> mintSignInLink(String email) {
        Optional<Member> member = members.findByEmail(email);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into membership.details_link (token_hash, membership_number, created_at, expires_at,
                                                             sent_to)
                        values (:hash, :number, :now, :expires, %s)
                        """.formatted(ADDRESS_KEY.formatted(":email")))
                .param("hash", SecretTokens.hash(token))
                .param("number", member.get().membershipNumber())
                .param("email", email)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.detailsLinkLifetime())))
                .update();
        return Optional.of(app.link("/my-details/sign-in/" + token));
    }

    /** Whether the sign-in link was made, usable or not (used or expired): not a guess. */
    boolean linkMade(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("select exists (select 1 from membership.details_link where token_hash = :hash)")
                        .param("hash", SecretTokens.hash(token))
                        .query(Boolean.class)
                        .single();
    }

    boolean linkUsable(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("""
                        select exists (select 1 from membership.details_link link
                                       where token_hash = :hash and used_at is null and expires_at > :now
                                         and %s)
                        """.formatted(AT_THE_MEMBERS_ADDRESS))
                        .param("hash", SecretTokens.hash(token))
                        .param("now", Timestamp.from(clock.instant()))
                        .query(Boolean.class)
                        .single();
    }

    /**
     * A member signed in through a link, and the address it was sent to, as {@link #address} keys it: the sign-in
     * proves only that its holder reads that mailbox.
     */
    record SignedIn(String membershipNumber, byte[] address) {}

    /** Uses the link up; the member it signs in, if it was still usable. */
    @Transactional
    Optional<SignedIn> signIn(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<SignedIn> signedIn = jdbc.sql("""
                        update membership.details_link link set used_at = :now
                        where token_hash = :hash and used_at is null and expires_at > :now and %s
                        returning link.membership_number, link.sent_to
                        """.formatted(AT_THE_MEMBERS_ADDRESS))
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new SignedIn(rs.getString(1), rs.getBytes(2)))
                .optional();
        signedIn.ifPresent(member ->
                audit.record(ACTOR, "SIGNED_IN", member.membershipNumber(), "Signed in to update their details"));
        return signedIn;
    }

    /** Whether the member's address is still the one a session's link went to, as {@link #AT_THE_MEMBERS_ADDRESS}. */
    boolean stillAt(String membershipNumber, byte[] address) {
        return jdbc.sql("""
                        select exists (select 1 from membership.member m
                                       where m.membership_number = :number and %s = :address)
                        """.formatted(ADDRESS_KEY.formatted("m.email")))
                .param("number", membershipNumber)
                .param("address", address)
                .query(Boolean.class)
                .single();
    }

    /** The address as a sign-in holds it: not the address itself, so that the session's store never has it. */
    byte[] address(String email) {
        return jdbc.sql("select " + ADDRESS_KEY.formatted(":email"))
                .param("email", email)
                .query(byte[].class)
                .single();
    }

    Optional<Member> view(String membershipNumber) {
        Optional<Member> member = members.find(membershipNumber);
        member.ifPresent(m -> audit.record(ACTOR, "VIEW", membershipNumber, "Viewed their own details"));
        return member;
    }

    @Transactional
    Member changeEmail(String membershipNumber, String newEmail) {
        if (TypedText.hasControlCharacters(newEmail)) {
            throw new InvalidDetails(Map.of("email", controlCharacters("Email address")));
        }
        String email = Joining.clean(newEmail).toLowerCase(Locale.ROOT);
        if (!EmailAddresses.isSendable(email)) {
            throw new InvalidDetails(
                    Map.of("email", "Enter an email address in the correct format, like name@example.com"));
        }
        members.lockRoll();
        Member before = members.find(membershipNumber).orElseThrow();
        if (email.equals(before.email())) {
            return before;
        }
        members.findByEmail(email).ifPresent(other -> {
            throw new InvalidDetails(Map.of("email", "This email address is already used by another membership"));
        });
        Member after = new Member(
                before.membershipNumber(),
                before.gmcNumber(),
                before.givenName(),
                before.familyName(),
                email,
                before.status(),
                before.statusSince(),
                before.joinedOn(),
                before.roles());
        // The sign-in proved only that whoever changed it holds the address before: if someone other than the member
        // set that one lately, the address the member had before is told too.
        Optional<String> theirsBefore = identities
                .addressBeforeOthersChanges(membershipNumber, clock.instant())
                .filter(earlier -> !earlier.equalsIgnoreCase(before.email()) && !earlier.equalsIgnoreCase(email));
        save(after, "Changed their email address");
        for (String to :
                theirsBefore.map(earlier -> List.of(before.email(), earlier)).orElse(List.of(before.email()))) {
            outbox.send(new Email(
                    to,
                    "Your membership email address has changed",
                    "The email address on your membership has been changed. Union email, including ballot email, "
                            + "will now go to the new address. The exception: where a ballot's scrutineer has "
                            + "directed your email about that ballot to another address, that ballot's email, "
                            + "including its result, keeps going there until a new voting link for that ballot is "
                            + "sent to your membership address.\n\nIf you did not make this change, tell the union "
                            + "at once.",
                    "details-email-changed"));
        }
        return after;
    }

    @Transactional
    Member addRole(String membershipNumber, PracticeRole role, String practiceOds, String from) {
        java.util.LinkedHashMap<String, String> problems = new java.util.LinkedHashMap<>();
        if (role == null) {
            problems.put("role", "Choose the role");
        }
        String practice = Joining.clean(practiceOds).toUpperCase(Locale.ROOT);
        Optional<Practice> at = Optional.empty();
        if (TypedText.hasControlCharacters(practiceOds)) {
            problems.put("practiceOds", controlCharacters("ODS code"));
        } else if (practice.isEmpty()) {
            if (role != null && role.needsPractice()) {
                problems.put(
                        "practiceOds", "Enter the practice's ODS code, like A81001 (only locums may leave it empty)");
            }
        } else {
            at = MemberImport.ODS_CODE.matcher(practice).matches() ? practices.find(practice) : Optional.empty();
            if (at.isEmpty()) {
                problems.put("practiceOds", "There is no practice " + abbreviate(practice) + ": check the ODS code");
            }
        }
        LocalDate start = parseDay(from, "roleFrom", "First day in the role", problems);
        // A role held at a practice before it closed is still the member's to record; one beginning after cannot be.
        if (start != null && at.isPresent()) {
            Joining.closedBy(at.get(), start).ifPresent(closed -> problems.put("practiceOds", closed));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        members.lockRoll();
        Member before = members.find(membershipNumber).orElseThrow();
        RoleHeld added = new RoleHeld(role, practice.isEmpty() ? null : practice, start, null);
        // The same role open at the same practice from the same day is the form sent twice (a second press of its
        // button, or the page sent again): it is there already, and a copy would leave the role open when one ends.
        if (before.roles().contains(added)) {
            return before;
        }
        List<RoleHeld> roles = new ArrayList<>(before.roles());
        roles.add(added);
        Member after = MemberImport.withRoles(before, roles);
        save(after, "Added a role: " + role.label() + (practice.isEmpty() ? "" : " at " + practice));
        return after;
    }

    /**
     * Ends the role at {@code index} if it is still the open role the member saw there (its role, practice and first
     * day). An import writes roles again in its file's order, and one landing between the page and the answer must not
     * make the member end another role, such as the partnership that puts them on a ballot's roll.
     */
    @Transactional
    Member endRole(
            String membershipNumber, int index, String seenRole, String seenPractice, String seenFrom, String on) {
        java.util.LinkedHashMap<String, String> problems = new java.util.LinkedHashMap<>();
        // The problem names the field of the role's own row, so that the page marks the role refused.
        String field = "roleTo-" + index;
        LocalDate end = parseDay(on, field, "Last day in the role", problems);
        members.lockRoll();
        Member before = members.find(membershipNumber).orElseThrow();
        if (index < 0
                || index >= before.roles().size()
                || !isTheRoleSeen(before.roles().get(index), seenRole, seenPractice, seenFrom)) {
            throw new InvalidDetails(Map.of("roles", "Your roles changed: check them and try again"));
        }
        RoleHeld role = before.roles().get(index);
        if (end != null && end.isBefore(role.from())) {
            problems.put(field, "A role cannot end before it began (" + role.from() + ")");
        }
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        List<RoleHeld> roles = new ArrayList<>(before.roles());
        roles.set(index, new RoleHeld(role.role(), role.practiceOds(), role.from(), end));
        Member after = MemberImport.withRoles(before, roles);
        save(after, "Ended a role: " + role.role().label() + " on " + end);
        return after;
    }

    private static boolean isTheRoleSeen(RoleHeld role, String seenRole, String seenPractice, String seenFrom) {
        return role.to() == null
                && role.role().name().equals(Joining.clean(seenRole))
                && (role.practiceOds() == null ? "" : role.practiceOds()).equals(Joining.clean(seenPractice))
                && role.from().toString().equals(Joining.clean(seenFrom));
    }

    private void save(Member member, String what) {
        Instant now = clock.instant();
        members.update(member, now);
        members.recordVersion(member, ACTOR, now);
        audit.record(ACTOR, "SELF_SERVICE", member.membershipNumber(), what);
        events.publishEvent(new MemberDetailsChanged(member.membershipNumber()));
    }

    private static LocalDate parseDay(String value, String field, String label, Map<String, String> problems) {
        if (TypedText.hasControlCharacters(value)) {
            problems.put(field, controlCharacters(label));
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(Joining.clean(value));
            if (day.getYear() < 1900 || day.getYear() > 2999) {
                problems.put(field, "Enter a date between 1900 and 2999, like 2024-07-23");
                return null;
            }
            return day;
        } catch (java.time.format.DateTimeParseException e) {
            problems.put(field, "Enter the date as year-month-day, like 2024-07-23");
            return null;
        }
    }

    /**
     * Every field on the page is of one line, and {@link Joining#clean} would drop a control character and keep the
     * rest: the member is asked to fix it instead.
     */
    private static String controlCharacters(String label) {
        return label + " must not contain control characters, such as tabs or line breaks";
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }
}
