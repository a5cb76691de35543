package org.gpaction.ballots.roll;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotChangeable;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.InvalidBallot;
import org.gpaction.ballots.ballot.LeftShut;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.MemberDetailsChanged;
import org.gpaction.membership.MemberJoined;
import org.gpaction.membership.MembersImported;
import org.gpaction.membership.RuleSet;
import org.gpaction.notifications.Email;
import org.gpaction.practices.PracticesChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps each ballot's electoral roll: everyone eligible when it opens gets a credential and a personal link; until
 * the cut-off, members who become eligible get theirs straight away when they join, change their details or are
 * imported, or their practice's details are imported, and otherwise (a role recorded ahead of its start) at the
 * clock's pass just after the next UK midnight; at the cut-off the roll is frozen, after a last pass that adds anyone
 * a missed event would have left out. A member eligible only by a role they declared themselves is not trusted for a
 * link: {@link RollEnrolment} holds them for the scrutineer's check ({@link RollChecks}).
 */
@Service
public class RollKeeper {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final Eligibility eligibility;
    private final RollEnrolment enrolment;
    private final LeftShut leftShut;
    private final Clock clock;

    RollKeeper(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            Eligibility eligibility,
            RollEnrolment enrolment,
            LeftShut leftShut,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.eligibility = eligibility;
        this.enrolment = enrolment;
        this.leftShut = leftShut;
        this.clock = clock;
    }

    /** Adds everyone eligible at this instant who is not yet on the roll; returns how many were added. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int addEligible(Ballot ballot, Instant at, String actor) {
        Set<String> onRoll =
                new HashSet<>(jdbc.sql("select membership_number from ballots.roll_entry where ballot_id = :ballot")
                        .param("ballot", ballot.id())
                        .query(String.class)
                        .list());
        List<EligibilityDecision> newlyEligible = new ArrayList<>();
        for (EligibilityDecision decision : eligibility.decideAll(ballot.ruleSet(), at)) {
            if (decision.eligible() && !onRoll.contains(decision.membershipNumber())) {
                newlyEligible.add(decision);
            }
        }
        return enrolment.enrol(ballot, newlyEligible, actor);
    }

    /**
     * How many members a roll made at this instant would hold, and how many more would wait for the scrutineer's
     * check because only a role they declared themselves makes them eligible.
     */
    public record RollCount(long eligible, long waitingForCheck) {}

    /**
     * How many members the rule set would put on a roll made at this instant, by the rules the roll uses, counting
     * apart those {@link RollEnrolment} would hold for the scrutineer's check instead.
     */
    @Transactional(readOnly = true)
    public RollCount countEligible(RuleSet ruleSet, Instant at) {
        long eligible = 0;
        long waitingForCheck = 0;
        for (EligibilityDecision decision : eligibility.decideAll(ruleSet, at)) {
            if (decision.selfDeclared()) {
                waitingForCheck++;
            } else if (decision.eligible()) {
                eligible++;
            }
        }
        return new RollCount(eligible, waitingForCheck);
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(MemberJoined joined) {
        addIfEligible(joined.membershipNumber());
    }

    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(MemberDetailsChanged changed) {
        addIfEligible(changed.membershipNumber());
    }

    /** An import may have made many members eligible: one pass over the roll finds them all. */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(MembersImported imported) {
        addEligibleToOpenRolls();
    }

    /** A practice that opened or changed contract type may have made its partners eligible. */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(PracticesChanged changed) {
        addEligibleToOpenRolls();
    }

    private void addEligibleToOpenRolls() {
        Instant now = clock.instant();
        for (Ballot ballot : ballots.all()) {
            if (ballot.status() != org.gpaction.ballots.BallotStatus.OPEN || !ballot.rollOpenAt(now)) {
                continue;
            }
            Optional<Ballot> locked = ballots.findForVoting(ballot.id());
            if (locked.isPresent() && locked.get().rollOpenAt(now)) {
                addEligible(locked.get(), now, "roll update before the cut-off");
            }
        }
    }

    /**
     * A correction to the roll by the scrutineer, typically after the cut-off: a member wrongly left off is added
     * with the reason, whatever the rules say, and the act is written to the ballot log.
     */
    @Transactional
    public void addByScrutineer(long ballotId, String membershipNumber, String reason, String scrutineer) {
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        Instant now = clock.instant();
        boolean votingClosed = switch (ballot.status()) {
            case CLOSED, PUBLISHED -> true;
            // Past its closing time it takes no vote, though the clock job may not have marked it closed yet:
            // a member added now could never vote, and the close would count them as eligible.
            case OPEN -> !now.isBefore(ballot.closesAt());
            default -> false;
        };
        if (votingClosed) {
            throw new BallotNotChangeable("Voting closed " + UkTime.onOrAt(ballot.closesAt())
                    + " (UK time), so the roll can no longer be corrected: a member added now could not vote");
        }
        if (ballot.status() != org.gpaction.ballots.BallotStatus.OPEN) {
            throw new BallotNotChangeable(notOpenYet(ballot, now));
        }
        String why = reason == null ? "" : reason.strip();
        java.util.Map<String, String> problems = new java.util.LinkedHashMap<>();
        if (why.length() < 10 || why.length() > 1000) {
            problems.put("reason", "Give the reason for the correction, in 10 to 1,000 characters");
        } else if (TypedText.hasControlCharactersBesideLineBreaks(why)) {
            problems.put("reason", "The reason must not contain control characters");
        }
        String number = membershipNumber == null ? "" : membershipNumber.strip();
        Optional<EligibilityDecision> decision = TypedText.hasControlCharacters(number)
                ? Optional.empty()
                : eligibility.decide(number, ballot.ruleSet(), now);
        if (decision.isEmpty()) {
            problems.put("membershipNumber", "There is no member with that membership number");
        } else if (onRoll(ballot.id(), decision.get().membershipNumber())) {
            problems.put("membershipNumber", "This member is already on the roll");
        }
        if (!problems.isEmpty()) {
            throw new InvalidBallot(problems);
        }
        EligibilityDecision found = decision.get();
        String evidence = "Added by the scrutineer (" + scrutineer + "): " + why
                + (found.eligible()
                        ? "; eligible now: " + found.evidence()
                        : "; not eligible under the rules now: " + String.join("; ", found.reasons()));
        enrolment.enrol(
                ballot,
                List.of(new EligibilityDecision(
                        found.membershipNumber(), true, List.of(), evidence, found.practiceOds())),
                scrutineer);
        logEntries.add(
                ballot.id(),
                scrutineer,
                "ROLL_CORRECTED",
                "Added member " + found.membershipNumber() + " to the roll: " + why,
                clock.instant());
    }

    /** Why a ballot not yet open has no roll to correct, and what to do instead. */
    private String notOpenYet(Ballot ballot, Instant now) {
        Optional<String> shut = leftShut.why(ballot, now);
        if (shut.isPresent()) {
            return shut.get() + ". It has no roll to correct: the roll is made when it opens, of every member eligible"
                    + " under its rules then. Put the member's details right in the membership file (Members → Import"
                    + " the membership file) before it opens, if it is scheduled again, or correct the roll once it is"
                    + " open";
        }
        String state = ballot.status() == org.gpaction.ballots.BallotStatus.DRAFT
                ? "This ballot is a draft"
                : ballot.opensAt().isAfter(now)
                        ? "This ballot has not opened yet (it opens by itself " + UkTime.onOrAt(ballot.opensAt())
                                + ", UK time)"
                        : "This ballot has not opened yet";
        return state + ", so it has no roll to correct: the roll is made when it opens, of every member eligible"
                + " under its rules then. Put the member's details right in the membership file (Members → Import the"
                + " membership file) before it opens, or correct the roll once it is open";
    }

    private boolean onRoll(long ballotId, String membershipNumber) {
        return jdbc.sql("""
                        select exists (select 1 from ballots.roll_entry
                                       where ballot_id = :ballot and membership_number = :member)
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .query(Boolean.class)
                .single();
    }

    private void addIfEligible(String membershipNumber) {
        Instant now = clock.instant();
        for (Ballot ballot : ballots.all()) {
            if (ballot.status() != org.gpaction.ballots.BallotStatus.OPEN || !ballot.rollOpenAt(now)) {
                continue;
            }
            Optional<Ballot> locked = ballots.findForVoting(ballot.id());
            if (locked.isEmpty() || !locked.get().rollOpenAt(now)) {
                continue;
            }
            boolean onRoll = jdbc.sql("""
                            select exists (select 1 from ballots.roll_entry
                                           where ballot_id = :ballot and membership_number = :member)
                            """)
                    .param("ballot", ballot.id())
                    .param("member", membershipNumber)
                    .query(Boolean.class)
                    .single();
            if (onRoll) {
                continue;
            }
            eligibility
                    .decide(membershipNumber, ballot.ruleSet(), now)
                    .filter(EligibilityDecision::eligible)
                    .ifPresent(
                            decision -> enrolment.enrol(ballot, List.of(decision), "roll update before the cut-off"));
        }
    }

    /**
     * Adds one member the rules find eligible now to an open roll, as every other member is added (with their
     * practice, its ICB and its LMC as the directory has them now) and queues their voting email at their registered
     * address, in the caller's transaction; false if they were on the roll already.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean addOne(Ballot ballot, EligibilityDecision decision, String actor) {
        return enrolment.enrol(ballot, List.of(decision), actor) == 1;
    }

    public Email votingEmail(Ballot ballot, String to) {
        return enrolment.votingEmail(ballot, to);
    }
}
