package org.gpaction.membership.selfservice;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gpaction.common.TypedText;
import org.gpaction.membership.Member;
import org.gpaction.membership.MemberDetailsChanged;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.members.AuditLog;
import org.gpaction.membership.members.MemberImport;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members update their own details once signed in ({@link DetailsSignIn}). Every change is a new version of the
 * record, so the roll can say what it knew at any instant.
 */
@Service
class MemberDetails {

    private static final String ACTOR = MemberIdentities.SELF_SERVICE;

    private final MemberRepository members;
    private final DetailsSignIn signIn;
    private final Practices practices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final MemberIdentities identities;
    private final Clock clock;

    MemberDetails(
            MemberRepository members,
            DetailsSignIn signIn,
            Practices practices,
            Outbox outbox,
            AuditLog audit,
            ApplicationEventPublisher events,
            MemberIdentities identities,
            Clock clock) {
        this.members = members;
        this.signIn = signIn;
        this.practices = practices;
        this.outbox = outbox;
        this.audit = audit;
        this.events = events;
        this.identities = identities;
        this.clock = clock;
    }

    Optional<Member> view(String membershipNumber) {
        Optional<Member> member = members.find(membershipNumber);
        member.ifPresent(m -> audit.record(ACTOR, "VIEW", membershipNumber, "Viewed their own details"));
        return member;
    }

    @Transactional
    Member changeEmail(String membershipNumber, String newEmail) {
        if (newEmail.isBlank()) {
            throw new InvalidDetails(Map.of("email", "Enter your new email address"));
        }
        String email = InvalidDetails.emailAddress(newEmail);
        members.lockRollForOneChange();
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

    /**
     * Adds a role the signed-in member declares, once their sign-in is found still to hold with the roll held
     * ({@link DetailsSignIn#checkStillSignedIn}).
     */
    @Transactional
    Member addRole(DetailsSignIn.SignedIn signedIn, PracticeRole role, String practiceOds, String from) {
        String membershipNumber = signedIn.membershipNumber();
        java.util.LinkedHashMap<String, String> problems = new java.util.LinkedHashMap<>();
        if (role == null) {
            problems.put("role", "Choose the role");
        }
        String practice = JoinDetailsCheck.clean(practiceOds).toUpperCase(Locale.ROOT);
        Optional<Practice> at = Optional.empty();
        if (TypedText.hasControlCharacters(practiceOds)) {
            problems.put("practiceOds", InvalidDetails.controlCharacters("ODS code"));
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
            JoinDetailsCheck.closedBy(at.get(), start).ifPresent(closed -> problems.put("practiceOds", closed));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDetails(problems);
        }
        members.lockRollForOneChange();
        signIn.checkStillSignedIn(signedIn);
        Member before = members.find(membershipNumber).orElseThrow();
        // Declared by the member: a ballot's roll does not trust it for a vote until the scrutineer checks it or a
        // membership import gives it.
        RoleHeld added = new RoleHeld(role, practice.isEmpty() ? null : practice, start, null, clock.instant());
        // The same role open at the same practice from the same day is the form sent twice (a second press of its
        // button, or the page sent again): it is there already, and a copy would leave the role open when one ends.
        if (before.roles().stream().anyMatch(added::sameRoleAs)) {
            return before;
        }
        // Held twice on the days two periods share, the role would stay open when the member ends one of them.
        before.roles().stream()
                .filter(held -> held.role() == role
                        && Objects.equals(held.practiceOds(), added.practiceOds())
                        && (held.to() == null || !held.to().isBefore(start)))
                .findFirst()
                .ifPresent(held -> {
                    throw new InvalidDetails(Map.of("roleFrom", overlapping(held, start)));
                });
        List<RoleHeld> roles = new ArrayList<>(before.roles());
        roles.add(added);
        Member after = MemberImport.withRoles(before, roles);
        save(after, "Added a role: " + role.label() + (practice.isEmpty() ? "" : " at " + practice));
        return after;
    }

    /**
     * Ends the role at {@code index} if it is still the open role the member saw there (its role, practice and first
     * day). An import writes roles again in its file's order, and one landing between the page and the answer must not
     * make the member end another role, such as the partnership that puts them on a ballot's roll. That role ended
     * already on the same day is left as it is. The member's sign-in is checked again with the roll held, as for
     * {@link #addRole}.
     */
    @Transactional
    Member endRole(
            DetailsSignIn.SignedIn signedIn,
            int index,
            String seenRole,
            String seenPractice,
            String seenFrom,
            String on) {
        String membershipNumber = signedIn.membershipNumber();
        java.util.LinkedHashMap<String, String> problems = new java.util.LinkedHashMap<>();
        // The problem names the field of the role's own row, so that the page marks the role refused.
        String field = "roleTo-" + index;
        LocalDate end = parseDay(on, field, "Last day in the role", problems);
        // What was typed is the member's to fix first (400), on the role's own row, while that row is still the open
        // role they saw there (its first day may have been corrected). Once an import has put another role on that
        // row, or ended this one, the problem said there, and the date typed, would be another role's, whose form,
        // sent again, would end that role. The change is said instead (409), with the date's problem for the page.
        // Nothing is changed either way, so the roles are read as last committed, without waiting for an import that
        // holds the roll: the answer is the one the member would have had just before it.
        if (!problems.isEmpty()) {
            List<RoleHeld> roles = members.find(membershipNumber).orElseThrow().roles();
            RoleHeld role = index >= 0 && index < roles.size() ? roles.get(index) : null;
            if (role != null && isStillTheRowSeen(roles, role, seenRole, seenPractice)) {
                throw new InvalidDetails(problems);
            }
            throw TypedText.hasControlCharacters(on)
                            || !JoinDetailsCheck.clean(on).isEmpty()
                    ? RolesChangedMeanwhile.withLastDayToFix(problems.get(field))
                    : RolesChangedMeanwhile.withNoLastDaySent();
        }
        members.lockRollForOneChange();
        signIn.checkStillSignedIn(signedIn);
        Member before = members.find(membershipNumber).orElseThrow();
        RoleHeld role =
                index >= 0 && index < before.roles().size() ? before.roles().get(index) : null;
        boolean seen = role != null && isTheRoleSeen(role, seenRole, seenPractice, seenFrom);
        // The role seen, ended already on the same day, is the form sent twice (a second press of its button, or the
        // page sent again): it is ended as asked.
        if (seen && end.equals(role.to())) {
            return before;
        }
        if (!seen || role.to() != null) {
            throw new RolesChangedMeanwhile();
        }
        if (end.isBefore(role.from())) {
            throw new InvalidDetails(Map.of(field, "A role cannot end before it began (" + role.from() + ")"));
        }
        List<RoleHeld> roles = new ArrayList<>(before.roles());
        roles.set(index, new RoleHeld(role.role(), role.practiceOds(), role.from(), end, role.declaredAt()));
        Member after = MemberImport.withRoles(before, roles);
        save(after, "Ended a role: " + role.role().label() + " on " + end);
        return after;
    }

    /** What to fix in a role added from {@code start}, which would overlap the same role held at the same practice. */
    private static String overlapping(RoleHeld held, LocalDate start) {
        String holding = "You already hold the role " + held.role().label()
                + (held.practiceOds() == null ? " with no practice" : " at " + held.practiceOds()) + " from "
                + held.from() + (held.to() == null ? " with no end" : " to " + held.to());
        // An earlier period, ended before the one held now began, is not the member's to end: it needs an end date,
        // which a role added here never has.
        if (held.to() == null && start.isBefore(held.from())) {
            return holding + ". A role added here has no end date, so an earlier period of it, from " + start
                    + ", cannot be added here: tell the union its dates and they can record it";
        }
        return holding + ", and the one you are adding from " + start + " would overlap it: a role is held once at a"
                + " time, "
                + (held.to() == null ? "and that one has not ended" : "so choose a first day after " + held.to());
    }

    /** The role is open, of the role and practice seen, and the only open one of them: no other row is taken for it. */
    private static boolean isStillTheRowSeen(
            List<RoleHeld> roles, RoleHeld role, String seenRole, String seenPractice) {
        return role.to() == null
                && isOfTheRoleAndPracticeSeen(role, seenRole, seenPractice)
                && roles.stream()
                                .filter(held ->
                                        held.to() == null && isOfTheRoleAndPracticeSeen(held, seenRole, seenPractice))
                                .count()
                        == 1;
    }

    private static boolean isOfTheRoleAndPracticeSeen(RoleHeld role, String seenRole, String seenPractice) {
        return role.role().name().equals(JoinDetailsCheck.clean(seenRole))
                && (role.practiceOds() == null ? "" : role.practiceOds()).equals(JoinDetailsCheck.clean(seenPractice));
    }

    private static boolean isTheRoleSeen(RoleHeld role, String seenRole, String seenPractice, String seenFrom) {
        return isOfTheRoleAndPracticeSeen(role, seenRole, seenPractice)
                && role.from().toString().equals(JoinDetailsCheck.clean(seenFrom));
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
            problems.put(field, InvalidDetails.controlCharacters(label));
            return null;
        }
        if (JoinDetailsCheck.clean(value).isEmpty()) {
            problems.put(field, "Enter the " + label.toLowerCase(Locale.ROOT));
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(JoinDetailsCheck.clean(value));
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

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }
}
