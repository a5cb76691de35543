package org.gpaction.ballots.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.ContractTypesFromPayments;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A payments year imported can give a practice whose contract type was unknown a GMS contract: its partners become
 * eligible with nothing changed about them, and are added to open rolls as the import commits. On a database of its
 * own: the pass puts every eligible member there on the ballot's roll.
 */
class PracticeChangesTests extends OwnBallotDatabase {

    @Autowired
    ContractTypesFromPayments contractTypes;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private String practice;

    /** Tests sharing this database count its eligible members: this test's are partners nowhere once it ends. */
    @AfterEach
    void noLongerEligible() {
        jdbc.sql("delete from membership.member_role where practice_ods = :p")
                .param("p", practice)
                .update();
    }

    @Test
    void partnersAtAPracticeAPaymentsYearShowsIsGmsAreAddedToAnOpenRollAsTheImportCommits() {
        practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", null, null);
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofDays(7), Duration.ofDays(2));
        Voter partner = fixtures.member(practice);

        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> contractTypes.record("2025-26", Map.of(practice, ContractType.GMS)));

        assertThat(fixtures.liveCredentials(ballot, partner))
                .as("on the roll with a link")
                .isOne();
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where category = 'ballot-link' and about = :about and recipient = :to
                        """)
                        .param("about", BallotEmails.about(ballot))
                        .param("to", partner.email())
                        .query(Long.class)
                        .single())
                .as("one link email for this ballot (other tests' open ballots here add the partner too)")
                .isOne();
    }
}
