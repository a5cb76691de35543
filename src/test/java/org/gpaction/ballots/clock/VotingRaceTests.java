package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.ballot.BallotBox;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.ExposedTrustees;
import org.gpaction.ballots.ballot.KeyNotices;
import org.gpaction.ballots.ballot.TrusteesOnRecord;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.casting.KeptReceipts;
import org.gpaction.ballots.casting.VoteRefused;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The invariants of casting, with the race run for real: threads released together, exact outcomes counted. */
@GpActionTest
@Import(MovingClocks.class)
class VotingRaceTests {

    @Autowired
    Casting casting;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BallotClock ballotClock;

    @Autowired
    Results results;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    BallotBox ballotBox;

    @Autowired
    BallotRepository ballotRepository;

    @Autowired
    BallotLogEntries logEntries;

    @Autowired
    TrusteesOnRecord trusteesOnRecord;

    @Autowired
    ExposedTrustees exposedTrustees;

    @Autowired
    KeyNotices keyNotices;

    @Autowired
    RollKeeper rolls;

    @Autowired
    KeptReceipts keptReceipts;

    @Autowired
    MovingClock clock;

    @Autowired
    DataSource dataSource;

    VotingFixtures fixtures;

    @org.junit.jupiter.api.BeforeEach
    void fixtures() {
        fixtures = new VotingFixtures(jdbc);
    }

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @RepeatedTest(10)
    void oneLinkSubmittedFromSixteenThreadsAtOnceRecordsExactlyOneVote() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String token = fixtures.credential(ballot, "RACE-" + UUID.randomUUID());

        List<Object> outcomes = VotingFixtures.race(() -> casting.cast(token, 0));

        long receipts =
                outcomes.stream().filter(o -> o instanceof Casting.Receipt).count();
        assertThat(receipts).isEqualTo(1);
        assertThat(outcomes)
                .filteredOn(o -> o instanceof VoteRefused)
                .allMatch(o -> ((VoteRefused) o).reason() == VoteRefused.Reason.ALREADY_USED)
                .hasSize(VotingFixtures.THREADS - 1);
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b and has_voted")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @RepeatedTest(5)
    void votesRacingTheCloseAreEachEitherCountedWithAReceiptOrRefusedWhole() throws Exception {
        int voters = 400;
        int countedBeforeTheClose = 20;
        // The closing time is far off while the credentials are written, so a slow set-up cannot close the ballot
        // before anyone votes; the ballot is closed once votes are coming in, with the rest still queued.
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < voters; i++) {
            tokens.add(fixtures.credential(ballot, "CLOSE-" + i + "-" + UUID.randomUUID()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(VotingFixtures.THREADS);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch counted = new CountDownLatch(countedBeforeTheClose);
        List<Future<Object>> outcomes = new ArrayList<>();
        for (String token : tokens) {
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    Casting.Receipt receipt = casting.cast(token, 1);
                    counted.countDown();
                    return receipt;
                } catch (VoteRefused e) {
                    return e;
                }
            }));
        }
        // The ballot's time comes while votes are still being written, and the clock closes it at once rather than at
        // the scheduler's next tick: votes that were checked in time must still be in the hash sealed at the close.
        ExecutorService closing = Executors.newSingleThreadExecutor();
        Future<?> closer = closing.submit(() -> {
            // A plain check rather than AssertJ: loading AssertJ on this thread once held the close back past the
            // last vote.
            if (!counted.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Fewer than " + countedBeforeTheClose + " votes counted in 30 s");
            }
            jdbc.sql("update ballots.ballot set closes_at = :now where id = :b")
                    .param("now", Timestamp.from(Instant.now()))
                    .param("b", ballot)
                    .update();
            ballotClock.tick();
            return null;
        });
        start.countDown();
        closer.get();
        closing.shutdown();
        long receipts = 0;
        long refused = 0;
        for (Future<Object> outcome : outcomes) {
            Object result = outcome.get();
            if (result instanceof Casting.Receipt) {
                receipts++;
            } else {
                assertThat(((VoteRefused) result).reason()).isEqualTo(VoteRefused.Reason.CLOSED);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(receipts + refused).isEqualTo(voters);
        assertThat(receipts).as("votes were counted before the close").isGreaterThanOrEqualTo(countedBeforeTheClose);
        assertThat(refused).as("votes were refused after the close").isPositive();
        assertThat(fixtures.papers(ballot))
                .as("every receipt is a counted vote")
                .isEqualTo(receipts);
        assertThat(jdbc.sql("select count(*) from ballots.credential where ballot_id = :b and state = 'USED'")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .as("no credential burned without a vote")
                .isEqualTo(receipts);
        assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b and has_voted")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .isEqualTo(receipts);
        awaitClosed(ballot);
        Results.SealCheck seal = results.checkSeal(ballot);
        assertThat(seal.unchanged())
                .as("the hash sealed at the close covers every counted vote")
                .isTrue();
    }

    @RepeatedTest(2)
    void aVoteStillCommittingWhenTheBallotClosesIsInTheHashSealedAtTheClose() throws Exception {
        // The closing time is far off until the vote is recorded, so a slow machine cannot close the ballot first.
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String token = fixtures.credential(ballot, "SEAL-" + UUID.randomUUID());
        CountDownLatch recorded = new CountDownLatch(1);
        ExecutorService closing = Executors.newSingleThreadExecutor();
        Future<?> closer = closing.submit(() -> {
            if (!recorded.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The vote was not recorded in 60 s");
            }
            jdbc.sql("update ballots.ballot set closes_at = :now where id = :b")
                    .param("now", Timestamp.from(Instant.now()))
                    .param("b", ballot)
                    .update();
            ballotClock.tick();
            return null;
        });
        // The vote is recorded in time, but its commit is held back until the close has either finished or is
        // waiting for it, as a slow disk would hold it.
        Casting.Receipt receipt = new TransactionTemplate(transactions).execute(status -> {
            Casting.Receipt cast = casting.cast(token, 0);
            recorded.countDown();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> closer.isDone() || waitingForTheBallotBox(ballot, "ExclusiveLock"));
            return cast;
        });
        closer.get();
        closing.shutdown();
        awaitClosed(ballot);

        assertThat(receipt).isNotNull();
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
        assertThat(results.checkSeal(ballot).unchanged())
                .as("the vote committed after the close began is in the sealed hash")
                .isTrue();
    }

    /**
     * Two instances whose clocks differ a little: the closer's, ahead, finds the ballot due and closes it while the
     * other is recording a vote by an earlier link (one a reminder replaced, which goes the step-by-step way), its own
     * clock still before the close. The vote had found the ballot open and was waiting for the box; once in, it must
     * find the ballot closed and be refused whole, not add a paper after the close that the count at the close never
     * announced (the trustees' decryption would then refuse the papers as one too many).
     */
    @Test
    void aVoteByAnEarlierLinkWaitingForTheBoxWhileAnotherInstanceClosesTheBallotIsRefusedWhole() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofMinutes(1));
        String member = "EARLIER-" + UUID.randomUUID();
        String earlier = fixtures.credential(ballot, member);
        fixtures.supersedeByReminder(earlier);
        BallotClock aheadOfThisInstance = new BallotClock(
                ballotRepository,
                logEntries,
                trusteesOnRecord,
                ballotBox,
                exposedTrustees,
                keyNotices,
                rolls,
                results,
                keptReceipts,
                Clock.offset(clock, Duration.ofMinutes(2)),
                dataSource);
        ExecutorService voting = Executors.newSingleThreadExecutor();
        try {
            Future<Object> vote = new TransactionTemplate(transactions).execute(status -> {
                // The box held as the other instance's close holds it, so the vote waits for it.
                ballotBox.seal(ballot);
                Future<Object> cast = voting.submit(() -> {
                    try {
                        return casting.cast(earlier, 0);
                    } catch (VoteRefused e) {
                        return e;
                    }
                });
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> cast.isDone() || waitingForTheBallotBox(ballot, "ShareLock"));
                assertThat(cast.isDone()).as("the vote waits for the box").isFalse();
                aheadOfThisInstance.tick();
                assertThat(status(ballot)).as("closed by the instance ahead").isEqualTo("CLOSED");
                return cast;
            });
            Object outcome = vote.get(60, TimeUnit.SECONDS);

            assertThat(outcome).isInstanceOf(VoteRefused.class);
            assertThat(((VoteRefused) outcome).reason()).isEqualTo(VoteRefused.Reason.CLOSED);
        } finally {
            voting.shutdownNow();
        }
        assertThat(fixtures.papers(ballot)).as("no paper after the close").isZero();
        assertThat(jdbc.sql("""
                        select has_voted from ballots.roll_entry where ballot_id = :b and membership_number = :m
                        """)
                        .param("b", ballot)
                        .param("m", member)
                        .query(Boolean.class)
                        .single())
                .isFalse();
        assertThat(jdbc.sql("select state from ballots.credential where ballot_id = :b and membership_number = :m")
                        .param("b", ballot)
                        .param("m", member)
                        .query(String.class)
                        .single())
                .as("the link not used up")
                .isEqualTo("ACTIVE");
        assertThat(ballotBox.voted(ballot)).isZero();
    }

    /**
     * Votes read the clock, then wait for their links' rows (held here as a replacement or a reminder's link holds
     * them, or as a busy pool at the closing rush keeps a vote waiting for a connection). The one let through before the
     * close is counted; the one let through after it is refused whole, though it read the clock before the close and the
     * clock job has not closed the ballot yet: the ballot's own row is held meanwhile, so the clock job passes over it.
     */
    @Test
    void aVoteThatWaitedUntilAfterTheCloseIsRefusedWholeBeforeTheClockJobClosesTheBallot_oneLetThroughInTimeCounts()
            throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String inTimeMember = "INTIME-" + UUID.randomUUID();
        String inTime = fixtures.credential(ballot, inTimeMember);
        String lateMember = "LATE-" + UUID.randomUUID();
        String late = fixtures.credential(ballot, lateMember);
        // The close comes well after the set-up, however slow the machine; the test moves the application's clock past
        // it once the first vote is through.
        Instant closesAt = clock.instant().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        jdbc.sql("update ballots.ballot set closes_at = :closes where id = :b")
                .param("closes", Timestamp.from(closesAt))
                .param("b", ballot)
                .update();
        ExecutorService voting = Executors.newFixedThreadPool(2);
        try (Connection ballotRow = dataSource.getConnection();
                Connection inTimeLink = dataSource.getConnection();
                Connection lateLink = dataSource.getConnection()) {
            lock(ballotRow, "select id from ballots.ballot where id = ? for no key update", ballot, null);
            String link = "select id from ballots.credential where ballot_id = ? and membership_number = ? for update";
            lock(inTimeLink, link, ballot, inTimeMember);
            lock(lateLink, link, ballot, lateMember);
            int inTimeHolder = LockWaits.backend(inTimeLink);
            int lateHolder = LockWaits.backend(lateLink);
            Future<Object> inTimeVote = voting.submit(() -> castOrRefusal(inTime));
            Future<Object> lateVote = voting.submit(() -> castOrRefusal(late));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            LockWaits.blockedBy(jdbc, inTimeHolder) == 1 && LockWaits.blockedBy(jdbc, lateHolder) == 1);
            assertThat(clock.instant())
                    .as("both votes read the clock and wait for their links before the close")
                    .isBefore(closesAt);

            inTimeLink.commit();
            assertThat(inTimeVote.get(60, TimeUnit.SECONDS)).isInstanceOf(Casting.Receipt.class);
            clock.moveTo(closesAt.plusSeconds(1));
            lateLink.commit();
            assertThat(lateVote.get(60, TimeUnit.SECONDS))
                    .as("the vote let through after the close")
                    .isInstanceOfSatisfying(
                            VoteRefused.class,
                            refused -> assertThat(refused.reason()).isEqualTo(VoteRefused.Reason.CLOSED));
            assertThat(status(ballot)).as("the clock job has not closed it").isEqualTo("OPEN");
            ballotRow.commit();
        } finally {
            voting.shutdownNow();
        }

        assertThat(fixtures.papers(ballot)).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select state from ballots.credential where ballot_id = :b and membership_number = :member
                        """)
                        .param("b", ballot)
                        .param("member", lateMember)
                        .query(String.class)
                        .single())
                .isEqualTo("ACTIVE");
    }

    private Object castOrRefusal(String token) {
        try {
            return casting.cast(token, 0);
        } catch (VoteRefused e) {
            return e;
        }
    }

    /** Takes a row lock in a transaction on this connection, held until the test commits it. */
    private static void lock(Connection connection, String sql, long ballot, String member) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, ballot);
            if (member != null) {
                statement.setString(2, member);
            }
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
        }
    }

    /**
     * Whether a close ({@code ExclusiveLock}) or a vote ({@code ShareLock}) is waiting for this ballot's box. Any
     * advisory lock waited on would do on a quiet server, but on the shared one other work waits for its own now and
     * then (another test's ballot closed by the scheduler, a count waiting for a ballot's proof checking, a pledge
     * being confirmed), and the vote would commit before this close ever waited.
     */
    private boolean waitingForTheBallotBox(long ballot, String mode) {
        // A bigint advisory key shows in pg_locks as its high half in classid and its low half in objid.
        return jdbc.sql("""
                        select exists (
                            select 1 from pg_locks
                            where locktype = 'advisory' and not granted and objsubid = 1 and mode = :mode
                              and database = (select oid from pg_database where datname = current_database())
                              and (classid::bigint << 32) | objid::bigint = ballots.ballot_box(:b))
                        """)
                .param("b", ballot)
                .param("mode", mode)
                .query(Boolean.class)
                .single();
    }

    private String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :b")
                .param("b", ballot)
                .query(String.class)
                .single();
    }

    /** The test's tick closes it, or the scheduler's, which may hold it then among other tests' due ballots. */
    private void awaitClosed(long ballot) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> status(ballot).equals("CLOSED"));
    }

    @RepeatedTest(5)
    void aLinkNeverWorksOutsideTheWindow() {
        long notYet = fixtures.ballotWithWindow(
                Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200));
        String early = fixtures.credential(notYet, "EARLY-" + UUID.randomUUID());
        assertThat(VotingFixtures.refusal(() -> casting.cast(early, 0))).isEqualTo(VoteRefused.Reason.NOT_OPEN_YET);

        long over = fixtures.ballotWithWindow(
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(1));
        String late = fixtures.credential(over, "LATE-" + UUID.randomUUID());
        assertThat(VotingFixtures.refusal(() -> casting.cast(late, 0))).isEqualTo(VoteRefused.Reason.CLOSED);
        assertThat(fixtures.papers(notYet) + fixtures.papers(over)).isZero();
    }
}
