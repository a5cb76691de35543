package org.gpaction.membership.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.UkTime;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.Member;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.RuleSet;
import org.gpaction.membership.StatusPeriod;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practice;

/**
 * The electorate rules, each a named policy that either passes or says in plain words why not. Every rule is
 * judged on one UK calendar day: the day the instant falls on in Europe/London. Judged at an instant, a role the
 * member declared themselves after it does not count, whatever day it is dated from.
 */
public final class EligibilityRules {

    static final int TRIAL_MONTHS = 3;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private EligibilityRules() {}

    /**
     * The decision at an instant, by what was recorded by then: a role the member declared after it (on joining, or
     * added to their details) does not count, though dated from before, so that a partner role declared after a roll's
     * cut-off cannot put them on the roll as at the cut-off.
     */
    public static EligibilityDecision decide(
            RuleSet ruleSet, Member member, List<StatusPeriod> statuses, Map<String, Practice> practices, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, UkTime.ZONE);
        List<RoleHeld> declaredLater =
                member.roles().stream().filter(role -> declaredAfter(role, at)).toList();
        if (declaredLater.isEmpty()) {
            return decide(ruleSet, member, statuses, practices, day);
        }
        Member asRecorded = new Member(
                member.membershipNumber(),
                member.gmcNumber(),
                member.givenName(),
                member.familyName(),
                member.email(),
                member.status(),
                member.statusSince(),
                member.joinedOn(),
                member.roles().stream().filter(role -> !declaredAfter(role, at)).toList());
        EligibilityDecision decision = decide(ruleSet, asRecorded, statuses, practices, day);
        if (decision.eligible()) {
            return decision;
        }
        List<String> reasons = new ArrayList<>(decision.reasons());
        declaredLater.stream()
                .filter(role -> countsUnder(ruleSet, role))
                .map(role -> roleAt(role) + " was recorded " + UkTime.onOrAt(role.declaredAt()) + ", after "
                        + UkTime.format(at) + " (UK time): only what was recorded by then counts")
                .forEach(reasons::add);
        return new EligibilityDecision(member.membershipNumber(), false, reasons, null, null, null);
    }

    static boolean declaredAfter(RoleHeld role, Instant at) {
        return role.declaredAt() != null && role.declaredAt().isAfter(at);
    }

    private static boolean countsUnder(RuleSet ruleSet, RoleHeld role) {
        return switch (ruleSet) {
            case GP_PARTNERS_ENGLAND -> role.role() == PracticeRole.CONTRACTOR_PARTNER;
            case GP_MEMBERS_ENGLAND -> role.role().isGp();
        };
    }

    /** The decision on a day, by the member's record as it is. */
    public static EligibilityDecision decide(
            RuleSet ruleSet,
            Member member,
            List<StatusPeriod> statuses,
            Map<String, Practice> practices,
            LocalDate day) {
        List<String> reasons = new ArrayList<>();
        // Someone who had not joined yet was in no standing at all: that they joined later is the one reason.
        joinedBy(member, day).or(() -> inGoodStanding(statuses, day)).ifPresent(reasons::add);
        RoleCheck roles = switch (ruleSet) {
            case GP_PARTNERS_ENGLAND -> partnerAtGmsOrPmsPracticeInEngland(member, practices, day);
            case GP_MEMBERS_ENGLAND -> gpRoleInEngland(member, practices, day);
        };
        if (roles.evidence() == null) {
            reasons.addAll(roles.reasons());
        }
        boolean eligible = reasons.isEmpty();
        return new EligibilityDecision(
                member.membershipNumber(),
                eligible,
                reasons,
                eligible ? roles.evidence() : null,
                eligible ? roles.practiceOds() : null,
                eligible ? roles.role() : null);
    }

    /** ACTIVE, or a TRIAL that has not run out, on the day; asked only of a member who had joined by then. */
    static Optional<String> inGoodStanding(List<StatusPeriod> statuses, LocalDate day) {
        StatusPeriod current = null;
        for (StatusPeriod period : statuses) {
            if (!period.since().isAfter(day)
                    && (current == null || period.since().isAfter(current.since()))) {
                current = period;
            }
        }
        if (current == null) {
            // The membership system reports only the current status; before it began, a member who had joined
            // was in good standing, or the system would have reported a lapse.
            return Optional.empty();
        }
        return switch (current.status()) {
            case ACTIVE -> Optional.empty();
            case TRIAL -> {
                LocalDate ends = current.since().plusMonths(TRIAL_MONTHS);
                yield day.isBefore(ends)
                        ? Optional.empty()
                        : Optional.of("The trial membership that began on " + format(current.since())
                                + " had run out by " + format(day) + " (it lasted until " + format(ends.minusDays(1))
                                + ")");
            }
            case LAPSED -> Optional.of("Membership had lapsed on " + format(current.since()));
            case RESIGNED -> Optional.of("Had resigned from membership on " + format(current.since()));
        };
    }

    static Optional<String> joinedBy(Member member, LocalDate day) {
        return member.joinedOn().isAfter(day)
                ? Optional.of("Joined on " + format(member.joinedOn()) + ", after " + format(day))
                : Optional.empty();
    }

    private record RoleCheck(String evidence, String practiceOds, RoleHeld role, List<String> reasons) {

        RoleCheck(String evidence, List<String> reasons) {
            this(evidence, null, null, reasons);
        }
    }

    /**
     * The union's record first: a member qualified by a role it gives is not held back by one they declared themselves.
     */
    private static final Comparator<RoleHeld> CONFIRMED_FIRST = Comparator.comparing(RoleHeld::declaredByMember);

    private static RoleCheck partnerAtGmsOrPmsPracticeInEngland(
            Member member, Map<String, Practice> practices, LocalDate day) {
        List<RoleHeld> partnerRoles = member.roles().stream()
                .filter(role -> role.role() == PracticeRole.CONTRACTOR_PARTNER)
                .sorted(CONFIRMED_FIRST)
                .toList();
        if (partnerRoles.isEmpty()) {
            return new RoleCheck(
                    null,
                    List.of("Holds no GP contractor or partner role (salaried, locum and registrar GPs are not in "
                            + "this electorate)"));
        }
        List<String> reasons = new ArrayList<>();
        for (RoleHeld role : partnerRoles) {
            Optional<String> timing = inForce(role, day);
            if (timing.isPresent()) {
                reasons.add(timing.get());
                continue;
            }
            Practice practice = practices.get(role.practiceOds());
            Optional<String> place = practiceInEngland(role, practice, day);
            if (place.isPresent()) {
                reasons.add(place.get());
                continue;
            }
            if (practice.contractType() == null) {
                reasons.add(roleAt(role) + ": the practice's contract type is not known");
            } else if (practice.contractType() == ContractType.APMS) {
                reasons.add(roleAt(role)
                        + ": the practice holds an APMS contract; only partners in GMS or PMS practices are in this "
                        + "electorate");
            } else {
                return new RoleCheck(
                        "GP contractor or partner at " + practice.named() + ", " + practice.contractType()
                                + " contract, England, on " + format(day),
                        practice.odsCode(),
                        role,
                        List.of());
            }
        }
        return new RoleCheck(null, reasons);
    }

    private static RoleCheck gpRoleInEngland(Member member, Map<String, Practice> practices, LocalDate day) {
        List<RoleHeld> gpRoles = member.roles().stream()
                .filter(role -> role.role().isGp())
                .sorted(CONFIRMED_FIRST)
                .toList();
        if (gpRoles.isEmpty()) {
            return new RoleCheck(null, List.of("Holds no GP role (partner, salaried, locum or registrar)"));
        }
        List<String> reasons = new ArrayList<>();
        for (RoleHeld role : gpRoles) {
            Optional<String> timing = inForce(role, day);
            if (timing.isPresent()) {
                reasons.add(timing.get());
                continue;
            }
            if (role.practiceOds() == null) {
                // A locum without a practice of their own is on the union's England roll by their membership.
                return new RoleCheck(
                        role.role().label() + " with no fixed practice, on " + format(day), null, role, List.of());
            }
            Practice practice = practices.get(role.practiceOds());
            Optional<String> place = practiceInEngland(role, practice, day);
            if (place.isPresent()) {
                reasons.add(place.get());
                continue;
            }
            return new RoleCheck(
                    role.role().label() + " at " + practice.named() + ", England, on " + format(day),
                    practice.odsCode(),
                    role,
                    List.of());
        }
        return new RoleCheck(null, reasons);
    }

    private static Optional<String> inForce(RoleHeld role, LocalDate day) {
        if (role.from().isAfter(day)) {
            return Optional.of(roleAt(role) + " only began on " + format(role.from()));
        }
        if (role.to() != null && role.to().isBefore(day)) {
            return Optional.of(roleAt(role) + " ended on " + format(role.to()));
        }
        return Optional.empty();
    }

    private static Optional<String> practiceInEngland(RoleHeld role, Practice practice, LocalDate day) {
        if (practice == null) {
            return Optional.of(roleAt(role) + ": the practice is not in the practice directory");
        }
        if (practice.nation() != Nation.ENGLAND) {
            return Optional.of(
                    roleAt(role) + ": the practice is in " + practice.nation().inSentence() + ", not England");
        }
        return practice.notOpenOn(day).map(problem -> roleAt(role) + ": the practice " + problem);
    }

    private static String roleAt(RoleHeld role) {
        return role.practiceOds() == null
                ? "The " + role.role().lowerLabel() + " role"
                : "The " + role.role().lowerLabel() + " role at " + role.practiceOds();
    }

    static String format(LocalDate day) {
        return DAY.format(day);
    }
}
