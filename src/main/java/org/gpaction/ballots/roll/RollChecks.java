package org.gpaction.ballots.roll;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.PracticeRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scrutineer's check of members the rules put on a roll only by a role they declared themselves: confirmed, the
 * member goes on the roll and is sent their link then, as a newly eligible member is; refused, with the reason in the
 * ballot log, they never get one. The page lists the members waiting through {@link RollCheckRows}.
 */
@Service
public class RollChecks {

    /**
     * How many members waited for the check, and how each was settled; all fixed once voting closes. A member the
     * union's record put on the roll while they waited counts as confirmed, and not as waiting.
     */
    public record Counts(
            @Schema(
                    description = "Checks in all: members held because only a role they declared themselves made them"
                            + " eligible; a member refused who declared a new role is held, and counted, again")
            long selfDeclared,

            @Schema(
                    description = "Of those, confirmed by the scrutineer, or by the union's record (an import or a"
                            + " roll correction) that put the member on the roll while they waited")
            long confirmed,

            @Schema(description = "Of those, refused by the scrutineer: the member was sent no link for that role")
            long refused,

            @Schema(description = "Of those, still waiting for the check (at the close: never sent a link)")
            long waiting) {}

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final RollEnrolment enrolment;
    private final Eligibility eligibility;
    private final Clock clock;

    RollChecks(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            RollEnrolment enrolment,
            Eligibility eligibility,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.enrolment = enrolment;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Counts counts(long ballotId) {
        return jdbc.sql("""
                        select count(*), count(*) filter (where state = 'CONFIRMED' or (state = 'WAITING' and on_roll)),
                               count(*) filter (where state = 'REFUSED'),
                               count(*) filter (where state = 'WAITING' and not on_roll)
                        from (select c.state, exists (select 1 from ballots.roll_entry r
                                                      where r.ballot_id = c.ballot_id
                                                        and r.membership_number = c.membership_number) as on_roll
                              from ballots.roll_check c where c.ballot_id = :ballot) as checks
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    /**
     * The member goes on the roll and their link is sent now, in this transaction, if the rules the roll uses still
     * find them eligible by the role held for the check, or by the union's record, judged as the roll judges them
     * (now, or at the roll cut-off once it has passed): a member who lapsed, resigned or ended the role before then is
     * not, nor one eligible only by another role they declared, which the scrutineer has not checked.
     */
    @Transactional
    public void confirm(long ballotId, long checkId, String shown, String scrutineer) {
        Ballot ballot = decidable(ballotId);
        WaitingCheck row = waitingRow(ballotId, checkId);
        stillEligible(ballot, row);
        asShown(row, shown);
        enrolment.enrol(
                ballot,
                List.of(new EligibilityDecision(
                        row.membershipNumber(),
                        true,
                        List.of(),
                        row.evidence() + "; declared by the member " + UkTime.onOrAt(row.declaredAt())
                                + ", checked by the scrutineer (" + scrutineer + ")",
                        row.practiceOds())),
                scrutineer);
        // Already on the roll (added by the scrutineer's correction meanwhile): the check is settled all the same.
        settle(row.id(), "CONFIRMED", scrutineer, null);
        logEntries.add(
                ballotId,
                scrutineer,
                "ROLL_CHECK_CONFIRMED",
                "Confirmed the " + PracticeRole.valueOf(row.role()).lowerLabel() + " role member "
                        + row.membershipNumber() + " declared" + row.at() + "; added to the roll and sent a link",
                clock.instant());
    }

    /** The member stays off the roll with no link; the reason goes in the ballot log. */
    @Transactional
    public void refuse(long ballotId, long checkId, String shown, String reason, String scrutineer) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 10 || why.length() > 1000) {
            throw new Problem("reason-" + checkId, "Give the reason for refusing, in 10 to 1,000 characters");
        }
        if (TypedText.hasControlCharactersBesideLineBreaks(why)) {
            throw new Problem("reason-" + checkId, "The reason must not contain control characters");
        }
        decidable(ballotId);
        WaitingCheck row = waitingRow(ballotId, checkId);
        asShown(row, shown);
        settle(row.id(), "REFUSED", scrutineer, why);
        logEntries.add(
                ballotId,
                scrutineer,
                "ROLL_CHECK_REFUSED",
                "Refused the " + PracticeRole.valueOf(row.role()).lowerLabel() + " role member "
                        + row.membershipNumber() + " declared" + row.at() + "; no link sent: " + why,
                clock.instant());
    }

    /**
     * The moment a waiting member is judged at, as the roll judges its members: now until the roll cut-off, and at the
     * cut-off once it has passed, when the roll was frozen as it stood then (as the opening of a ballot that opens
     * after its cut-off judges its roll).
     */
    static Instant judgedAt(Ballot ballot, Instant now) {
        return now.isAfter(ballot.rollCutoff()) ? ballot.rollCutoff() : now;
    }

    /** Judged as the roll judges a member (see {@link #judgedAt}), while the ballot and the check are locked. */
    private void stillEligible(Ballot ballot, WaitingCheck row) {
        Optional<EligibilityDecision> decision =
                eligibility.decide(row.membershipNumber(), ballot.ruleSet(), judgedAt(ballot, clock.instant()));
        if (decision.isEmpty()) {
            throw new Problem(
                    "checks",
                    "There is no longer a member " + row.membershipNumber()
                            + " in the membership record, so they cannot be confirmed: refuse the check instead");
        }
        if (!decision.get().eligible()) {
            throw new Problem(
                    "checks",
                    "That member is no longer eligible under the rules of this ballot, so they cannot be confirmed: "
                            + String.join("; ", decision.get().reasons())
                            + ". Refuse the check with that reason, or put the membership record right first if it is"
                            + " wrong");
        }
        if (row.byAnotherDeclaration(decision.get())) {
            throw new Problem(
                    "checks",
                    row.anotherRole(decision.get()) + ", so this check cannot confirm them. Refuse it with that"
                            + " reason.");
        }
    }

    /** The scrutineer decides only the declaration the page showed them. */
    private static void asShown(WaitingCheck row, String shown) {
        if (!row.declaration().equals(shown)) {
            throw new Problem(
                    "checks",
                    "The declaration changed since this page was loaded: the member now declares the "
                            + PracticeRole.valueOf(row.role()).lowerLabel() + " role" + row.at() + ", declared "
                            + UkTime.onOrAt(row.declaredAt())
                            + ". Nothing was confirmed or refused; look again at it below before you decide");
        }
    }

    /** The ballot, locked, while its voting is open: a member confirmed after the close could not vote. */
    private Ballot decidable(long ballotId) {
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        Instant now = clock.instant();
        if (ballot.status() == BallotStatus.CLOSED
                || ballot.status() == BallotStatus.PUBLISHED
                || (ballot.status() == BallotStatus.OPEN && !now.isBefore(ballot.closesAt()))) {
            throw new Problem(
                    "checks",
                    "Voting closed " + UkTime.onOrAt(ballot.closesAt())
                            + " (UK time), so a declared role can no longer be confirmed or refused: a member confirmed now"
                            + " could not vote");
        }
        if (ballot.status() != BallotStatus.OPEN) {
            throw new Problem("checks", "This ballot is not open, so it has no roll to check");
        }
        return ballot;
    }

    private WaitingCheck waitingRow(long ballotId, long checkId) {
        Optional<WaitingCheck> row = jdbc.sql("""
                        select id, membership_number, role, practice_ods, evidence, declared_at, waiting_since
                        from ballots.roll_check where id = :id and ballot_id = :ballot and state = 'WAITING'
                        for update
                        """)
                .param("id", checkId)
                .param("ballot", ballotId)
                .query(WaitingCheck::read)
                .optional();
        WaitingCheck waiting = row.orElseThrow(() -> new Problem(
                "checks",
                "That member is no longer waiting for a check: it was decided already, or is not of this ballot"));
        boolean onRoll = jdbc.sql("""
                        select exists (select 1 from ballots.roll_entry
                                       where ballot_id = :ballot and membership_number = :member)
                        """)
                .param("ballot", ballotId)
                .param("member", waiting.membershipNumber())
                .query(Boolean.class)
                .single();
        if (onRoll) {
            // Two passes can cross: one holds the member for the check while the other (an import's) enrols them.
            throw new Problem(
                    "checks",
                    "That member is already on the roll by the union's record (a membership import or a roll"
                            + " correction), so there is nothing to confirm or refuse");
        }
        return waiting;
    }

    /** What to fix, and the field of the page it is about; nothing was changed. */
    static class Problem extends RuntimeException {
        private final String field;

        Problem(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    private void settle(long id, String state, String scrutineer, String reason) {
        jdbc.sql("""
                        update ballots.roll_check set state = :state, decided_at = :now, decided_by = :by,
                            reason = :reason
                        where id = :id and state = 'WAITING'
                        """)
                .param("state", state)
                .param("now", Timestamp.from(clock.instant()))
                .param("by", scrutineer)
                .param("reason", reason)
                .param("id", id)
                .update();
    }
}
