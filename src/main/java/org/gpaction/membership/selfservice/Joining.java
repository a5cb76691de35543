package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.DurationWords;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.membership.Member;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.MemberJoined;
import org.gpaction.membership.MembershipStatus;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.members.AuditLog;
import org.gpaction.membership.members.MemberImport;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;
import org.gpaction.practices.Practices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Non-members join through a public form. Nothing is created until the email address is confirmed through a
 * single-use link; then a three-month TRIAL membership begins. The answer on screen is the same whether or not the
 * person is already a member, and so is the work done before it, so the form cannot be used to find out who is, by
 * what it says or by how long it takes.
 */
@Service
class Joining {

    enum Outcome {
        JOINED,
        ALREADY_A_MEMBER,
        /**
         * The GMC number became another member's while the request waited. The page says only that joining could not
         * be completed: whoever holds the address need not hold the number, and must not learn whose it is.
         */
        NOT_COMPLETED
    }

    record Confirmation(Outcome outcome, String membershipNumber) {}

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final JdbcClient jdbc;
    private final MemberRepository members;
    private final Practices practices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final FailedAttempts attempts;
    private final ApplicationEventPublisher events;
    private final MembershipProperties properties;
    private final GpActionProperties app;
    private final JsonMapper json;
    private final RecipientLimit recipients;
    private final JoiningInbox inbox;
    private final Clock clock;

    Joining(
            JdbcClient jdbc,
            MemberRepository members,
            Practices practices,
            Outbox outbox,
            AuditLog audit,
            FailedAttempts attempts,
            ApplicationEventPublisher events,
            MembershipProperties properties,
            GpActionProperties app,
            JsonMapper json,
            RecipientLimit recipients,
            JoiningInbox inbox,
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
        this.json = json;
        this.recipients = recipients;
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Checks the form and takes the request in; the caller shows "check your email" whatever happens. Nothing here
     * looks at the roll: the request is only put in the inbox, the same work whoever it names, and {@link #answer}
     * decides what to send a moment after the caller has answered.
     */
    @Transactional
    void request(JoinDetails entered, String address) {
        JoinDetails details = validate(entered);
        if (!attempts.admit(
                RequestKind.JOIN_REQUEST, address, properties.requestsPerAddress(), properties.requestWindow())) {
            throw new TooManyRequests();
        }
        inbox.add(details, clock.instant());
    }

    /**
     * Emails the right message for a request taken from the inbox, its fields already checked: a link to confirm the
     * address, or, to a member, word that they are one already.
     */
    @Transactional
    void answer(JoinDetails details) {
        if (!recipients.mayEmail(details.email())) {
            return;
        }
        Optional<Member> byEmail = members.findByEmail(details.email());
        if (byEmail.isPresent()) {
            outbox.send(new Email(
                    byEmail.get().email(),
                    "You are already a member",
                    "Someone, probably you, asked to join using this email address, but it already belongs to a "
                            + "membership (number " + byEmail.get().membershipNumber() + ").\n\n"
                            + "To change your details, go to " + app.link("/my-details") + "\n\n"
                            + "If this was not you, you can ignore this email.",
                    "joining-already-member"));
            return;
        }
        Optional<String> byGmc = members.membershipNumberForGmc(details.gmcNumber());
        if (byGmc.isPresent()) {
            Member holder = members.find(byGmc.get()).orElseThrow();
            // This one goes to the member, not the address typed: counted against the member's mailbox too.
            if (!recipients.mayEmail(holder.email())) {
                return;
            }
            outbox.send(new Email(
                    holder.email(),
                    "Someone tried to join with your GMC number",
                    "Someone asked to join using your GMC number and a different email address. Nothing has "
                            + "changed in your membership.\n\n"
                            + "If you wanted to change your email address, go to " + app.link("/my-details")
                            + "\n\nIf this was not you, please tell the union.",
                    "joining-gmc-in-use"));
            return;
        }
        Instant now = clock.instant();
        // Until its email goes, expires_at is when it stops being worth sending; the link's expiry is set as it is
        // made.
        long request = jdbc.sql("""
                        insert into membership.joining_request (details, created_at, expires_at)
                        values (cast(:details as jsonb), :now, :expires)
                        returning id
                        """)
                .param("details", json.writeValueAsString(details))
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.joiningLinkLifetime())))
                .query(Long.class)
                .single();
        outbox.sendWithSecretLink(
                new Email(
                        details.email(),
                        "Confirm your email address to join",
                        "Dear " + details.givenName() + ",\n\n"
                                + "Thank you for joining. Confirm your email address by opening this link:\n\n"
                                + Email.SECRET_LINK + "\n\n"
                                + "The link works once and expires in "
                                + DurationWords.inWords(properties.joiningLinkLifetime())
                                + ". Your membership begins as a three-month free trial.\n\n"
                                + "If you did not ask to join, you can ignore this email.",
                        JoiningLinks.CATEGORY),
                String.valueOf(request));
    }

    /**
     * The link confirming a request to join, made as its email is sent: only its hash is kept, never the link, and a
     * link made again (the email retried) replaces the one before. It works for its whole life from now, as the email
     * says, however long the email waited. Empty once the request is confirmed or gone, or when its email could not go
     * within one link's life of the request: the person has likely asked again or given up by then.
     */
    Optional<String> mintConfirmationLink(long request) {
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        int set = jdbc.sql("""
                        update membership.joining_request set token_hash = :hash, expires_at = :expires
                        where id = :id and confirmed_at is null and created_at > :staleBefore
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("expires", Timestamp.from(now.plus(properties.joiningLinkLifetime())))
                .param("id", request)
                .param("staleBefore", Timestamp.from(now.minus(properties.joiningLinkLifetime())))
                .update();
        return set == 1 ? Optional.of(app.link("/join/confirm/" + token)) : Optional.empty();
    }

    /** Whether the confirmation link was made, usable or not (used or expired): not a guess. */
    boolean linkMade(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("select exists (select 1 from membership.joining_request where token_hash = :hash)")
                        .param("hash", SecretTokens.hash(token))
                        .query(Boolean.class)
                        .single();
    }

    /**
     * Whether the link has made its membership already, so that it says so when sent or opened again (the button
     * pressed twice or in two tabs, or the email's link opened after joining) rather than that it cannot be used. It
     * says only that: not the membership's number, nor whose it is, which whoever holds a spent link need not be.
     */
    boolean joinedThrough(String token) {
        return SecretTokens.looksValid(token)
                && jdbc.sql("""
                                select exists (select 1 from membership.joining_request
                                               where token_hash = :hash and membership_number is not null)
                                """)
                        .param("hash", SecretTokens.hash(token))
                        .query(Boolean.class)
                        .single();
    }

    /** The details waiting behind a confirmation link, if it can still be used. Never uses the link up. */
    Optional<JoinDetails> pending(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select details::text from membership.joining_request
                        where token_hash = :hash and confirmed_at is null and expires_at > :now
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(clock.instant()))
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, JoinDetails.class));
    }

    /**
     * Uses the link up and starts the trial membership, or says why none was made. When the practice given has closed
     * since the request, throws {@link PracticeClosed} and leaves the link as it was.
     */
    @Transactional
    Optional<Confirmation> confirm(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        members.lockRollForOneChange();
        Instant now = clock.instant();
        Optional<Claimed> claimed = jdbc.sql("""
                        update membership.joining_request set confirmed_at = :now
                        where token_hash = :hash and confirmed_at is null and expires_at > :now
                        returning id, details::text
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Claimed(rs.getLong(1), json.readValue(rs.getString(2), JoinDetails.class)))
                .optional();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        JoinDetails details = claimed.get().details();
        if (members.findByEmail(details.email()).isPresent()) {
            return Optional.of(new Confirmation(Outcome.ALREADY_A_MEMBER, null));
        }
        if (members.membershipNumberForGmc(details.gmcNumber()).isPresent()) {
            return Optional.of(new Confirmation(Outcome.NOT_COMPLETED, null));
        }
        LocalDate today = LocalDate.ofInstant(now, UkTime.ZONE);
        Optional<String> closed = practiceClosed(details, today);
        if (closed.isPresent()) {
            // Thrown, not answered, so the claim on the link rolls back with it: nothing changes.
            throw new PracticeClosed(closed.get());
        }
        Member member = new Member(
                members.nextMembershipNumber(),
                details.gmcNumber(),
                details.givenName(),
                details.familyName(),
                details.email(),
                MembershipStatus.TRIAL,
                today,
                today,
                List.of(new RoleHeld(details.role(), details.practiceOds(), today, null)));
        members.insert(member, now);
        members.recordStatus(member);
        members.recordVersion(member, MemberIdentities.JOINING, now);
        jdbc.sql("update membership.joining_request set membership_number = :number where id = :id")
                .param("number", member.membershipNumber())
                .param("id", claimed.get().id())
                .update();
        audit.record("joining form", "JOINED", member.membershipNumber(), "Joined with a trial membership");
        outbox.send(new Email(
                member.email(),
                "Welcome: your membership number is " + member.membershipNumber(),
                "Dear " + member.givenName() + ",\n\n"
                        + "Your three-month trial membership has begun. Your membership number is "
                        + member.membershipNumber() + ".\n\n"
                        + "You can check and update your details at any time at " + app.link("/my-details"),
                "joining-welcome"));
        events.publishEvent(new MemberJoined(member.membershipNumber()));
        return Optional.of(new Confirmation(Outcome.JOINED, member.membershipNumber()));
    }

    private record Claimed(long id, JoinDetails details) {}

    /**
     * That the practice the joiner gave has closed since they asked (the directory imported meanwhile), so the role
     * they asked for could not begin there today; empty while it is open, or for a locum with no practice.
     */
    Optional<String> practiceClosed(JoinDetails details) {
        return practiceClosed(details, LocalDate.ofInstant(clock.instant(), UkTime.ZONE));
    }

    private Optional<String> practiceClosed(JoinDetails details, LocalDate firstDay) {
        if (details.practiceOds() == null) {
            return Optional.empty();
        }
        return practices.find(details.practiceOds()).flatMap(practice -> closure(practice, firstDay));
    }

    /** A joining link whose practice has closed since the request was made: the link is left as it was. */
    static class PracticeClosed extends RuntimeException {
        private final String closure;

        PracticeClosed(String closure) {
            super("The practice given to join at has closed");
            this.closure = closure;
        }

        String closure() {
            return closure;
        }
    }

    JoinDetails validate(JoinDetails entered) {
        Map<String, String> problems = new LinkedHashMap<>();
        String given = clean(entered.givenName());
        String family = clean(entered.familyName());
        if (TypedText.hasControlCharacters(entered.givenName())) {
            problems.put("givenName", "First name must not contain control characters");
        } else if (given.isEmpty()) {
            problems.put("givenName", "Enter your first name");
        } else if (given.length() > MemberImport.MAX_NAME) {
            problems.put("givenName", "First name must be " + MemberImport.MAX_NAME + " characters or fewer");
        }
        if (TypedText.hasControlCharacters(entered.familyName())) {
            problems.put("familyName", "Last name must not contain control characters");
        } else if (family.isEmpty()) {
            problems.put("familyName", "Enter your last name");
        } else if (family.length() > MemberImport.MAX_NAME) {
            problems.put("familyName", "Last name must be " + MemberImport.MAX_NAME + " characters or fewer");
        }
        String gmc = clean(entered.gmcNumber()).replace(" ", "");
        if (TypedText.hasControlCharacters(entered.gmcNumber())) {
            problems.put("gmcNumber", "GMC number must not contain control characters, such as tabs or line breaks");
        } else if (!MemberImport.GMC_NUMBER.matcher(gmc).matches()) {
            problems.put("gmcNumber", "Enter your GMC number: 7 digits, like 1234567");
        }
        String email = clean(entered.email()).toLowerCase(Locale.ROOT);
        if (TypedText.hasControlCharacters(entered.email())) {
            problems.put("email", "Email address must not contain control characters, such as tabs or line breaks");
        } else if (email.isEmpty()) {
            problems.put("email", "Enter your email address");
        } else if (!EmailAddresses.isSendable(email)) {
            problems.put("email", "Enter an email address in the correct format, like name@example.com");
        }
        PracticeRole role = entered.role();
        if (role == null) {
            problems.put("role", "Choose your role");
        }
        String practice = clean(entered.practiceOds()).toUpperCase(Locale.ROOT);
        if (TypedText.hasControlCharacters(entered.practiceOds())) {
            problems.put("practiceOds", "ODS code must not contain control characters, such as tabs or line breaks");
        } else if (practice.isEmpty()) {
            if (role != null && role.needsPractice()) {
                problems.put(
                        "practiceOds", "Enter your practice's ODS code, like A81001 (only locums may leave it empty)");
            }
        } else if (!MemberImport.ODS_CODE.matcher(practice).matches()) {
            problems.put("practiceOds", "A practice ODS code is a letter and 5 letters or digits, like A81001");
        } else {
            Optional<Practice> found = practices.find(practice);
            if (found.isEmpty()) {
                problems.put("practiceOds", "There is no practice " + practice + ": check the ODS code");
            } else {
                // The role begins the day the address is confirmed; today is the first day it could.
                closedBy(found.get(), LocalDate.ofInstant(clock.instant(), UkTime.ZONE))
                        .ifPresent(closed -> problems.put("practiceOds", closed));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        return new JoinDetails(given, family, gmc, email, role, practice.isEmpty() ? null : practice);
    }

    /**
     * Why a role beginning on the day cannot be at the practice: it had closed by then (its ODS close date, the last day
     * it was open, is before the day), as a practice that merged into another did under its old code. Such a role would count on no ballot's roll, and the GP would not know why. A
     * practice only proposed or dormant is taken: the directory may not yet show that it has opened or woken.
     */
    static Optional<String> closedBy(Practice practice, LocalDate firstDay) {
        return closure(practice, firstDay)
                .map(closure -> closure
                        + ": enter the ODS code of the practice the role is at; a practice that merged into another is"
                        + " under the code of the one it joined");
    }

    private static Optional<String> closure(Practice practice, LocalDate firstDay) {
        if (practice.closedOn() != null && practice.closedOn().isBefore(firstDay)) {
            return Optional.of(
                    "Practice " + practice.odsCode() + " was last open on " + DAY.format(practice.closedOn()));
        }
        if (practice.closedOn() == null && practice.status() == PracticeStatus.CLOSED) {
            return Optional.of("Practice " + practice.odsCode() + " has closed");
        }
        return Optional.empty();
    }

    static String clean(String value) {
        return value == null ? "" : value.strip().replaceAll("\\p{Cntrl}", "");
    }

    /** Too many requests from one address: the caller answers 429 without saying anything else. */
    static class TooManyRequests extends RuntimeException {
        TooManyRequests() {
            super("Too many requests from this address");
        }
    }
}
