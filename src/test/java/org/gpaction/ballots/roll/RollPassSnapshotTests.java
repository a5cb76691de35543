package org.gpaction.ballots.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A roll pass judges every member as the roll stood at one moment: a membership import committing while the pass
 * reads adds a lapsed partner whole (member, role and LAPSED status) or not at all, never as a partner with no status
 * yet, who would count as in good standing and be sent a link that cannot be taken back. The import here is a test
 * transaction that, having written the partner, locks the table of roles: the pass, having read the practices and
 * (before the fix) the statuses, waits for it, and reads on once it commits. On a database of its own, as the pass
 * puts every eligible member there on the ballot's roll.
 */
class RollPassSnapshotTests extends OwnBallotDatabase {

    @Autowired
    RollKeeper rolls;

    @Autowired
    BallotRepository ballots;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @Autowired
    PlatformTransactionManager transactionManager;

    private String practice;

    /** Tests sharing this database count its eligible members: this test's are partners nowhere once it ends. */
    @AfterEach
    void noLongerEligible() {
        new ReplacementFixtures(jdbc).partnersNowhere(practice);
    }

    @Test
    void aLapsedPartnerImportedWhileThePassReadsIsNotPutOnTheRoll() throws Exception {
        practice = TestPractices.add(jdbc);
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofDays(7), Duration.ofDays(2));
        String lapsed = "L"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection memberImport = dataSource.getConnection()) {
            memberImport.setAutoCommit(false);
            importLapsedPartner(memberImport, lapsed);
            try (Statement lock = memberImport.createStatement()) {
                lock.execute("lock table membership.member_role in access exclusive mode");
            }
            int importBackend = LockWaits.backend(memberImport);
            CompletableFuture<Integer> passBackend = new CompletableFuture<>();
            Future<Integer> pass = thread.submit(() -> new TransactionTemplate(transactionManager).execute(status -> {
                passBackend.complete(LockWaits.thisBackend(jdbc));
                return rolls.addEligible(
                        ballots.findForVoting(ballot).orElseThrow(), clock.instant(), "roll update before the cut-off");
            }));
            int passing = passBackend.get(30, TimeUnit.SECONDS);
            await("the pass waiting for the import to commit")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.waitingBackends(jdbc, "select").contains(passing)
                            && LockWaits.blockedBy(jdbc, importBackend) >= 1);
            memberImport.commit();

            pass.get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
        assertThat(fixtures.addedBy(ballot, lapsed))
                .as("the lapsed partner, committed while the pass read, is not on the roll")
                .isEmpty();
    }

    private void importLapsedPartner(Connection memberImport, String number) throws Exception {
        try (PreparedStatement member = memberImport.prepareStatement("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (?, ?, 'Alex', 'Example', ?, 'LAPSED', date '2024-01-01', date '2015-01-01', now())
                        """);
                PreparedStatement role = memberImport.prepareStatement("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        values (?, 0, 'CONTRACTOR_PARTNER', ?, date '2016-01-01')
                        """);
                PreparedStatement status = memberImport.prepareStatement("""
                        insert into membership.member_status (membership_number, since, status)
                        values (?, date '2024-01-01', 'LAPSED')
                        """)) {
            member.setString(1, number);
            member.setString(2, String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)));
            member.setString(3, TestMailbox.uniqueAddress("lapsed"));
            member.executeUpdate();
            role.setString(1, number);
            role.setString(2, practice);
            role.executeUpdate();
            status.setString(1, number);
            status.executeUpdate();
        }
    }
}
