package org.gpaction.ballots.roll;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.PracticeRole;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scrutineer's check of members the rules put on a roll only by a role they declared themselves: confirmed, the
 * member goes on the roll and is sent their link then, as a newly eligible member is; refused, with the reason in the
 * ballot log, they never get one.
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

    record Waiting(
            long id,
            String membershipNumber,
            String name,
            String gmcNumber,
            String email,
            String role,
            String practiceOds,
            String practicePhone,
            Instant declaredAt,
            Instant waitingSince,
            String evidence,
            String noLongerEligible,
            String declaration) {}

    private record Row(
            long id,
            String membershipNumber,
            String role,
            String practiceOds,
            String evidence,
            Instant declaredAt,
            Instant waitingSince) {}

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final RollEnrolment enrolment;
    private final MemberIdentities identities;
    private final Practices practices;
    private final Eligibility eligibility;
    private final Clock clock;

    RollChecks(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            RollEnrolment enrolment,
            MemberIdentities identities,
            Practices practices,
            Eligibility eligibility,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.enrolment = enrolment;
        this.identities = identities;
        this.practices = practices;
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
     * The members waiting, oldest first, with the names, GMC numbers and email addresses shown recorded in the membership
     * audit log, and the telephone number the practice directory has for the practice declared, if it has one. Each is
     * judged by the ballot's rules as Confirm judges them (see {@link #judgedAt}): one who is no longer eligible has
     * the reasons why.
     */
    @Transactional(readOnly = true)
    List<Waiting> waiting(long ballotId, String actor) {
        Ballot ballot = ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        Instant now = judgedAt(ballot);
        List<Row> rows = jdbc.sql("""
                        select id, membership_number, role, practice_ods, evidence, declared_at, waiting_since
                        from ballots.roll_check c
                        where ballot_id = :ballot and state = 'WAITING' and membership_number is not null
                          and not exists (select 1 from ballots.roll_entry r
                                          where r.ballot_id = c.ballot_id and r.membership_number = c.membership_number)
                        order by waiting_since, id
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant()))
                .list();
        Map<String, MemberIdentities.Contact> contacts = identities.contactsViewedBy(
                rows.stream().map(Row::membershipNumber).toList(),
                actor,
                "Checked roles members declared themselves for the roll of ballot " + ballotId);
        Map<String, EligibilityDecision> decisions =
                eligibility.decideEach(rows.stream().map(Row::membershipNumber).toList(), ballot.ruleSet(), now);
        Map<String, String> phones = practices.phones(
                rows.stream().map(Row::practiceOds).filter(Objects::nonNull).toList());
        return rows.stream()
                .map(row -> {
                    MemberIdentities.Contact contact = contacts.get(row.membershipNumber());
                    return new Waiting(
                            row.id(),
                            row.membershipNumber(),
                            contact == null ? "" : contact.name(),
                            contact == null ? "" : contact.gmcNumber(),
                            contact == null ? "" : contact.email(),
                            PracticeRole.valueOf(row.role()).label(),
                            row.practiceOds(),
                            row.practiceOds() == null
                                    ? null
                                    : phones.get(row.practiceOds().strip().toUpperCase(Locale.ROOT)),
                            row.declaredAt(),
                            row.waitingSince(),
                            row.evidence(),
                            whyNotEligible(row, decisions.get(row.membershipNumber())),
                            declaration(row));
                })
                .toList();
    }

    /**
     * Why the rules the roll uses no longer find the member eligible by the role held for the check, or null if they
     * still do.
     */
    private static String whyNotEligible(Row row, EligibilityDecision decision) {
        if (decision == null) {
            return "There is no longer a member " + row.membershipNumber() + " in the membership record";
        }
        if (!decision.eligible()) {
            return String.join("; ", decision.reasons());
        }
        return byAnotherDeclaration(row, decision) ? anotherRole(row, decision) : null;
    }

    /**
     * Eligible now only by a role the member declared that is not the one held for the check (another role or
     * practice): the scrutineer checked this one, not that. A role from the union's record needs no check.
     */
    private static boolean byAnotherDeclaration(Row row, EligibilityDecision decision) {
        return decision.selfDeclared()
                && !(decision.qualifyingRole().role().name().equals(row.role())
                        && Objects.equals(decision.practiceOds(), row.practiceOds()));
    }

    private static String anotherRole(Row row, EligibilityDecision decision) {
        return "The " + PracticeRole.valueOf(row.role()).lowerLabel() + " role" + at(row)
                + " held for this check no longer makes them eligible: the role that does is another they declared, "
                + decision.qualifyingRole().role().lowerLabel()
                + (decision.practiceOds() == null ? "" : " at " + decision.practiceOds())
                + ", not the one held for this check";
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
        Row row = waitingRow(ballotId, checkId);
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
                        + row.membershipNumber() + " declared" + at(row) + "; added to the roll and sent a link",
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
        Row row = waitingRow(ballotId, checkId);
        asShown(row, shown);
        settle(row.id(), "REFUSED", scrutineer, why);
        logEntries.add(
                ballotId,
                scrutineer,
                "ROLL_CHECK_REFUSED",
                "Refused the " + PracticeRole.valueOf(row.role()).lowerLabel() + " role member "
                        + row.membershipNumber() + " declared" + at(row) + "; no link sent: " + why,
                clock.instant());
    }

    /**
     * The moment a waiting member is judged at, as the roll judges its members: now until the roll cut-off, and at the
     * cut-off once it has passed, when the roll was frozen as it stood then (as the opening of a ballot that opens
     * after its cut-off judges its roll).
     */
    private Instant judgedAt(Ballot ballot) {
        Instant now = clock.instant();
        return now.isAfter(ballot.rollCutoff()) ? ballot.rollCutoff() : now;
    }

    /** Judged as the roll judges a member (see {@link #judgedAt}), while the ballot and the check are locked. */
    private void stillEligible(Ballot ballot, Row row) {
        Optional<EligibilityDecision> decision =
                eligibility.decide(row.membershipNumber(), ballot.ruleSet(), judgedAt(ballot));
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
        if (byAnotherDeclaration(row, decision.get())) {
            throw new Problem(
                    "checks",
                    anotherRole(row, decision.get()) + ", so this check cannot confirm them. Refuse it with that"
                            + " reason.");
        }
    }

    /**
     * What the page showed of the declaration checked (the role, the practice and when it was declared), which the
     * Confirm and Refuse forms send back: a waiting check moves to the member's new declaration (RollEnrolment).
     */
    private static String declaration(Row row) {
        return row.role() + " " + (row.practiceOds() == null ? "" : row.practiceOds()) + " " + row.declaredAt();
    }

    /** The scrutineer decides only the declaration the page showed them. */
    private static void asShown(Row row, String shown) {
        if (!declaration(row).equals(shown)) {
            throw new Problem(
                    "checks",
                    "The declaration changed since this page was loaded: the member now declares the "
                            + PracticeRole.valueOf(row.role()).lowerLabel() + " role" + at(row) + ", declared "
                            + UkTime.onOrAt(row.declaredAt())
                            + ". Nothing was confirmed or refused; look again at it below before you decide");
        }
    }

    private static String at(Row row) {
        return row.practiceOds() == null ? "" : " at " + row.practiceOds();
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

    private Row waitingRow(long ballotId, long checkId) {
        Optional<Row> row = jdbc.sql("""
                        select id, membership_number, role, practice_ods, evidence, declared_at, waiting_since
                        from ballots.roll_check where id = :id and ballot_id = :ballot and state = 'WAITING'
                        for update
                        """)
                .param("id", checkId)
                .param("ballot", ballotId)
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant()))
                .optional();
        Row waiting = row.orElseThrow(() -> new Problem(
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
