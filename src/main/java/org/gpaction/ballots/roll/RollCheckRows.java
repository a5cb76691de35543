package org.gpaction.ballots.roll;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.PracticeRole;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rows of the scrutineer's roll-check page: each member waiting for the check, who they are, the practice to ring,
 * and why one is no longer eligible. {@link RollChecks} decides them.
 */
@Service
class RollCheckRows {

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

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final MemberIdentities identities;
    private final Practices practices;
    private final Eligibility eligibility;
    private final Clock clock;

    RollCheckRows(
            JdbcClient jdbc,
            BallotRepository ballots,
            MemberIdentities identities,
            Practices practices,
            Eligibility eligibility,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.identities = identities;
        this.practices = practices;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    /**
     * The members waiting, oldest first, with the names, GMC numbers and email addresses shown recorded in the membership
     * audit log, and the telephone number the practice directory has for the practice declared, if it has one. Each is
     * judged by the ballot's rules as Confirm judges them (see {@link RollChecks#judgedAt}): one who is no longer
     * eligible has the reasons why.
     */
    @Transactional(readOnly = true)
    List<Waiting> waiting(long ballotId, String actor) {
        Ballot ballot = ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        Instant now = RollChecks.judgedAt(ballot, clock.instant());
        List<WaitingCheck> rows = jdbc.sql("""
                        select id, membership_number, role, practice_ods, evidence, declared_at, waiting_since
                        from ballots.roll_check c
                        where ballot_id = :ballot and state = 'WAITING' and membership_number is not null
                          and not exists (select 1 from ballots.roll_entry r
                                          where r.ballot_id = c.ballot_id and r.membership_number = c.membership_number)
                        order by waiting_since, id
                        """)
                .param("ballot", ballotId)
                .query(WaitingCheck::read)
                .list();
        Map<String, MemberIdentities.Contact> contacts = identities.contactsViewedBy(
                rows.stream().map(WaitingCheck::membershipNumber).toList(),
                actor,
                "Checked roles members declared themselves for the roll of ballot " + ballotId);
        Map<String, EligibilityDecision> decisions = eligibility.decideEach(
                rows.stream().map(WaitingCheck::membershipNumber).toList(), ballot.ruleSet(), now);
        Map<String, String> phones = practices.phones(rows.stream()
                .map(WaitingCheck::practiceOds)
                .filter(Objects::nonNull)
                .toList());
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
                            row.declaration());
                })
                .toList();
    }

    /**
     * Why the rules the roll uses no longer find the member eligible by the role held for the check, or null if they
     * still do.
     */
    private static String whyNotEligible(WaitingCheck row, EligibilityDecision decision) {
        if (decision == null) {
            return "There is no longer a member " + row.membershipNumber() + " in the membership record";
        }
        if (!decision.eligible()) {
            return String.join("; ", decision.reasons());
        }
        return row.byAnotherDeclaration(decision) ? row.anotherRole(decision) : null;
    }
}
