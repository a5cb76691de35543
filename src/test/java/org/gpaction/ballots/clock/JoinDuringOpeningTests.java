package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Date;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.common.UkTime;
import org.gpaction.membership.MemberJoined;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A member who joins while a ballot opens is on its roll once the clock has passed over it again, whichever reached the
 * members first: the opening's read finds one who joined before it; one who joins after it, while the opening has not
 * yet committed, finds the ballot still scheduled, and their own pass skips it without waiting for the opening. The
 * opening leaves the day's roll pass due, so the clock's next tick adds them, rather than leaving them without a link
 * until the next UK midnight. The opening (the scheduled clock, every second) is held after its read by a test
 * transaction locking the roll's entries against writes. On a database of its own, as the opening puts every eligible
 * member there on the ballot's roll.
 */
class JoinDuringOpeningTests extends OwnBallotDatabase {

    private static final String ROLL_UPDATE = "roll update before the cut-off";

    @Autowired
    RollKeeper rolls;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @Autowired
    PlatformTransactionManager transactions;

    private String practice;

    /** Tests sharing this database count its eligible members: this test's are partners nowhere once it ends. */
    @AfterEach
    void noLongerEligible() {
        new ReplacementFixtures(jdbc).partnersNowhere(practice);
    }

    @Test
    void oneJoiningBeforeTheOpeningsReadIsAddedByItAndOneJoiningWhileItIsHeldByTheNextTick() throws Exception {
        practice = TestPractices.add(jdbc);
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        Voter joinedBeforeTheRead = fixtures.member(practice);
        await("no other ballot due for the clock, so the roll write it is held at is this test's opening")
                .atMost(Duration.ofSeconds(30))
                .until(() -> otherBallotsDue() == 0);
        ExecutorService joinPass = Executors.newSingleThreadExecutor();
        long ballot;
        Voter joinedDuringTheOpening;
        try (Connection rollHeld = dataSource.getConnection()) {
            rollHeld.setAutoCommit(false);
            try (Statement lock = rollHeld.createStatement()) {
                lock.execute("lock table ballots.roll_entry in share mode");
            }
            int holder = LockWaits.backend(rollHeld);
            // Anything already waiting for the hold (another context's pass) is not the opening.
            Set<Integer> blockedBefore = LockWaits.blockedBackends(jdbc, holder);
            ballot = ScheduledBallots.insertWithKey(
                    jdbc,
                    transactions,
                    "Opened while members join",
                    clock.instant().minusSeconds(1),
                    clock.instant().plus(Duration.ofDays(7)),
                    clock.instant().plus(Duration.ofDays(2)));
            await("the opening, its members read, waiting to write the roll")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> blockedSince(holder, blockedBefore).size() == 1);
            int opening = blockedSince(holder, blockedBefore).iterator().next();

            joinedDuringTheOpening = fixtures.member(practice);
            String joining = joinedDuringTheOpening.number();
            Future<?> pass = joinPass.submit(() -> rolls.on(new MemberJoined(joining)));
            // Another open ballot left by an earlier class would have the pass write its roll, waiting for the hold.
            await("the join's pass done, or waiting only for the test's hold of the roll")
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            pass.isDone() || blockedSince(holder, blockedBefore).size() == 2);
            assertThat(LockWaits.waitingBehind(jdbc, opening))
                    .as("nothing waits for the opening")
                    .isZero();
            assertThat(status(ballot))
                    .as("the second member joined, and their pass ran, while the opening had not committed")
                    .isEqualTo("SCHEDULED");
            rollHeld.commit();
            pass.get(30, TimeUnit.SECONDS);

            // The opening holds the ballot until it commits: asking for the row waits for that.
            jdbc.sql("select id from ballots.ballot where id = :id for update")
                    .param("id", ballot)
                    .query(Long.class)
                    .list();
            assertThat(status(ballot)).isEqualTo("OPEN");
            assertThat(fixtures.addedBy(ballot, joinedDuringTheOpening.number()))
                    .as("the member who joined after the opening's read was not put on the roll by it")
                    .isEmpty();
        } finally {
            joinPass.shutdownNow();
        }

        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        await("the day's roll pass, by the tick after the opening")
                .atMost(Duration.ofSeconds(30))
                .until(() -> today.equals(rollUpdatedOn(ballot)));
        assertThat(fixtures.addedBy(ballot, joinedBeforeTheRead.number()))
                .as("the member who joined before the opening's read was put on the roll by the opening, once")
                .containsExactly("opening");
        assertThat(fixtures.addedBy(ballot, joinedDuringTheOpening.number()))
                .as("the member who joined after the opening's read is on the roll, added by the next tick's pass")
                .containsExactly(ROLL_UPDATE);
    }

    /**
     * Ballots the clock would write a roll for now, ahead of this test's (see BallotRepository.claimDue and
     * claimRollUpdates): a keyed one due to open, an open one due its cut-off pass, or an open one due its day's roll
     * pass (not yet passed over on this UK day, as after any opening, or after UK midnight).
     */
    private long otherBallotsDue() {
        return jdbc.sql("""
                        select count(*) from ballots.ballot b
                        where b.closes_at > now()
                          and ((b.status = 'SCHEDULED' and b.opens_at <= now()
                                and exists (select 1 from ballots.trustee t where t.ballot_id = b.id))
                               or (b.status = 'OPEN' and b.roll_frozen_at is null and b.roll_cutoff <= now())
                               or (b.status = 'OPEN' and b.roll_frozen_at is null and b.roll_cutoff > now()
                                   and b.roll_updated_on < (now() at time zone 'Europe/London')::date))
                        """).query(Long.class).single();
    }

    /** The backends waiting now for the test's hold that were not waiting for it before the ballot was inserted. */
    private Set<Integer> blockedSince(int holder, Set<Integer> blockedBefore) {
        Set<Integer> blocked = new HashSet<>(LockWaits.blockedBackends(jdbc, holder));
        blocked.removeAll(blockedBefore);
        return blocked;
    }

    private LocalDate rollUpdatedOn(long ballot) {
        return jdbc.sql("select roll_updated_on from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(Date.class)
                .single()
                .toLocalDate();
    }

    private String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
    }
}
