package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
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
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A member can become eligible with nothing changed about them: a partner's role recorded ahead of its start comes
 * into force at midnight. Until the cut-off the clock adds such members once each UK day, just after midnight. On a
 * database of its own, with a clock the test moves across midnight (the night the clocks go forward, when UK midnight
 * is an hour before UTC's).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.test.shared-mailbox=false",
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD
        })
@Import(DailyRollUpdateTests.Clocks.class)
class DailyRollUpdateTests {

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
        String dataDir = Files.createTempDirectory("gpaction-daily-roll-").toString();
        registry.add("gpaction.data-dir", () -> dataDir);
    }

    /** 23:30 BST on 28 March 2027, the day the clocks go forward: UK midnight is at 23:00 UTC. */
    private static final Instant LATE_EVENING = Instant.parse("2027-03-28T22:30:00Z");

    private static final LocalDate NEXT_DAY = LocalDate.parse("2027-03-29");

    @Autowired
    BallotClock ballotClock;

    @Autowired
    MovingClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

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
    void aPartnerWhoseRoleStartsTomorrowIsAddedAndSentTheirLinkJustAfterUkMidnight_onceThatDay() {
        clock.moveTo(LATE_EVENING);
        String practice = passes.englishGmsPractice("DAILY PRACTICE");
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        Voter partnerFromTomorrow = fixtures.member(null);
        passes.partnerFrom(partnerFromTomorrow, practice, NEXT_DAY);
        long ballot = ScheduledBallots.insertWithKey(
                jdbc,
                transactions,
                "Roll open for weeks",
                LATE_EVENING.minusSeconds(60),
                Instant.parse("2027-04-26T11:00:00Z"),
                Instant.parse("2027-04-19T22:59:59Z"));
        ScheduledBallots.tick(ballotClock, jdbc, ballot);
        assertThat(passes.status(ballot)).isEqualTo("OPEN");
        assertThat(passes.onRoll(ballot, partnerFromTomorrow))
                .as("not a partner yet")
                .isZero();

        // Past midnight in the UK, though not yet in UTC.
        clock.moveTo(Instant.parse("2027-03-28T23:00:30Z"));
        ScheduledBallots.tick(ballotClock, jdbc, ballot);

        assertThat(passes.onRoll(ballot, partnerFromTomorrow))
                .as("on the roll from the day their role starts")
                .isOne();
        assertThat(passes.linkEmails(ballot, partnerFromTomorrow))
                .as("their link email queued")
                .isOne();
        assertThat(jdbc.sql("select added_by from ballots.roll_entry where ballot_id = :b and membership_number = :m")
                        .param("b", ballot)
                        .param("m", partnerFromTomorrow.number())
                        .query(String.class)
                        .single())
                .contains("before the cut-off");

        // Eligible from the same day, but recorded after that day's pass with nothing to tell the roll: the next
        // day's pass adds them, not another pass the same day.
        Voter recordedLater = fixtures.member(null);
        passes.partnerFrom(recordedLater, practice, NEXT_DAY);
        clock.moveTo(Instant.parse("2027-03-29T22:00:00Z"));
        ScheduledBallots.tick(ballotClock, jdbc, ballot);
        assertThat(passes.onRoll(ballot, recordedLater)).as("one pass a day").isZero();

        clock.moveTo(Instant.parse("2027-03-29T23:00:30Z"));
        ScheduledBallots.tick(ballotClock, jdbc, ballot);
        assertThat(passes.onRoll(ballot, recordedLater)).isOne();
        assertThat(passes.linkEmails(ballot, recordedLater)).isOne();
        assertThat(passes.linkEmails(ballot, partnerFromTomorrow))
                .as("nobody sent a second link")
                .isOne();
    }
}
