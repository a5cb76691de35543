package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import java.nio.file.Files;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.support.MovingClock;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.util.AopTestUtils;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two application instances run the clock against one database, and both pass over the roll just after each UK
 * midnight: one of them, never both, adds that day's newly eligible members. Two threads stand for the two instances,
 * each tick its own transaction, as on two machines; the scheduled clock is set a day apart so that only they take
 * part. The pass that claims the ballot is held until the other thread's tick has ended, so every round is a real
 * race. On a database of its own, with a clock the test moves on a day each round.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.test.shared-mailbox=false",
            "gpaction.ballots.tick=PT24H",
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD
        })
@Import(DailyRollUpdateRaceTests.Clocks.class)
class DailyRollUpdateRaceTests {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovingClock movingClock() {
            return new MovingClock();
        }
    }

    @DynamicPropertySource
    static void ownDataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dataDir = Files.createTempDirectory("gpaction-daily-roll-race-").toString();
        registry.add("gpaction.data-dir", () -> dataDir);
    }

    private static final int ROUNDS = 20;

    private static final String DAILY_PASS = "roll update before the cut-off";

    /** Midday on a winter's day, when UK midnight is UTC's. */
    private static final Instant FIRST_DAY = Instant.parse("2027-01-04T12:00:00Z");

    @Autowired
    BallotClock ballotClock;

    @Autowired
    MovingClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @MockitoSpyBean
    RollKeeper rolls;

    DailyPasses passes;

    @BeforeEach
    void setUp() {
        passes = new DailyPasses(jdbc);
    }

    @AfterEach
    void backToNow() {
        clock.backToNow();
    }

    @Test
    void twoInstancesPassingOverTheRollAtOnceAddEachDaysNewlyEligibleMembersOnce_oneDoingThePass() throws Exception {
        clock.moveTo(FIRST_DAY);
        String practice = passes.englishGmsPractice("RACING PRACTICE");
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = ScheduledBallots.insertWithKey(
                jdbc,
                transactions,
                "Roll passed over by two instances",
                FIRST_DAY.minusSeconds(60),
                Instant.parse("2027-03-01T12:00:00Z"),
                Instant.parse("2027-02-20T12:00:00Z"));
        ballotClock.tick();
        assertThat(passes.status(ballot)).isEqualTo("OPEN");

        Set<Thread> passers = ConcurrentHashMap.newKeySet();
        AtomicBoolean otherEndedDuringThePass = new AtomicBoolean();
        CountDownLatch[] oneEnded = {new CountDownLatch(1)};
        doAnswer(call -> {
                    if (call.<Ballot>getArgument(0).id() == ballot) {
                        passers.add(Thread.currentThread());
                        // The ballot is this transaction's until the pass ends: the other instance's tick must end
                        // meanwhile, having left it alone, or wait for it (and then the wait runs out).
                        otherEndedDuringThePass.set(oneEnded[0].await(10, TimeUnit.SECONDS));
                    }
                    return call.callRealMethod();
                })
                // Stubbed beneath the transactional proxy, which would want a transaction of the stubbing call.
                .when(AopTestUtils.<RollKeeper>getUltimateTargetObject(rolls))
                .addEligible(any(), any(), eq(DAILY_PASS));

        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                LocalDate day = LocalDate.parse("2027-01-04").plusDays(round);
                Voter eligibleToday = fixtures.member(null);
                passes.partnerFrom(eligibleToday, practice, day);
                long onRollBefore = onRoll(ballot);
                passers.clear();
                otherEndedDuringThePass.set(false);
                oneEnded[0] = new CountDownLatch(1);
                clock.moveTo(day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(30));

                CyclicBarrier together = new CyclicBarrier(2);
                CountDownLatch ended = oneEnded[0];
                List<Future<Thread>> ticks = List.of(
                        instances.submit(() -> tickTogether(together, ended)),
                        instances.submit(() -> tickTogether(together, ended)));
                Set<Thread> ticked = Set.of(
                        ticks.get(0).get(60, TimeUnit.SECONDS), ticks.get(1).get(60, TimeUnit.SECONDS));

                assertThat(ticked).as("round %d: both instances ticked", round).hasSize(2);
                assertThat(passers)
                        .as("round %d: exactly one instance passed over the roll", round)
                        .hasSize(1);
                assertThat(ticked)
                        .as("round %d: the pass was one of the two instances'", round)
                        .containsAll(passers);
                assertThat(otherEndedDuringThePass.get())
                        .as("round %d: the other instance's tick ended while the pass held the ballot", round)
                        .isTrue();
                assertThat(onRoll(ballot))
                        .as("round %d: the roll changed once that day", round)
                        .isEqualTo(onRollBefore + 1);
                assertThat(passes.onRoll(ballot, eligibleToday)).isOne();
                assertThat(passes.linkEmails(ballot, eligibleToday))
                        .as("round %d: one link", round)
                        .isOne();
                assertThat(jdbc.sql("select roll_updated_on from ballots.ballot where id = :id")
                                .param("id", ballot)
                                .query(Date.class)
                                .single()
                                .toLocalDate())
                        .isEqualTo(day);
            }
        } finally {
            instances.shutdownNow();
        }
    }

    private Thread tickTogether(CyclicBarrier together, CountDownLatch ended) throws Exception {
        together.await(30, TimeUnit.SECONDS);
        ballotClock.tick();
        ended.countDown();
        return Thread.currentThread();
    }

    private long onRoll(long ballot) {
        return jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b")
                .param("b", ballot)
                .query(Long.class)
                .single();
    }
}
