package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failed attempts, and the counts behind every rate limit, are deleted 24 hours after each attempt, or sooner for a kind
 * with its own retention.
 */
@GpActionTest
class AttemptRetentionTests {

    enum Kind implements FailedAttempts.Kind {
        KEPT_A_DAY,
        ANOTHER_TEST_CLASS_KEPT,
        COUNTED_OVER_A_DAY,
        KEPT_MINUTES;

        @Override
        public FailedAttempts.Counted counted() {
            return FailedAttempts.Counted.PER_SUBJECT_GIVEN;
        }
    }

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Networks networks;

    /**
     * The day the clocks go forward is 23 hours long on the UK clock: an attempt made 23 and a half hours before noon
     * that day is still inside a window of a day (the longest any limit may be set to) and must still count.
     */
    @Test
    void anAttemptStillInsideADayLongWindowIsKeptOnTheDayTheClocksGoForward() {
        String subject = "made the day before the clocks went forward " + UUID.randomUUID();
        Instant madeAt = Instant.parse("2027-03-27T12:30:00Z");
        Instant noonAfter = Instant.parse("2027-03-28T12:00:00Z");
        new TransactionTemplate(transactions).executeWithoutResult(rolledBack -> {
            // Rolled back: the sweep as of 2027 deletes every other test class's attempts too.
            rolledBack.setRollbackOnly();
            new FailedAttempts(jdbc, Clock.fixed(madeAt, UkTime.ZONE), networks, List.of())
                    .record(Kind.COUNTED_OVER_A_DAY, subject);
            FailedAttempts atNoonAfter =
                    new FailedAttempts(jdbc, Clock.fixed(noonAfter, UkTime.ZONE), networks, List.of());
            atNoonAfter.forgetOldAttempts();

            assertThat(atNoonAfter.pausedFor(Kind.COUNTED_OVER_A_DAY, subject, 1, Duration.ofDays(1)))
                    .as("the one attempt allowed in a day, made 23.5 hours before")
                    .contains(Duration.ofMinutes(30));
        });
    }

    @Test
    void anAttemptOlderThanADayIsDeletedAndAYoungerOneIsKept() {
        String subject = "kept-a-day " + UUID.randomUUID();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(UkTime.ZONE));
        // One such as another test class could have left on the shared database for its own checks, not to be touched.
        long anotherTestClasses = attempt(
                Kind.ANOTHER_TEST_CLASS_KEPT,
                "another test class's " + UUID.randomUUID(),
                now.minusDays(2).toInstant());
        try {
            // The job deletes every attempt older than a day, other test classes' too: it runs in a transaction rolled
            // back once this test has read what it left, so none of theirs is deleted for good. The attempts are stored
            // in the same transaction, which the job joins, as the other retention tests do theirs.
            new TransactionTemplate(transactions).executeWithoutResult(rolledBack -> {
                rolledBack.setRollbackOnly();
                attempt(
                        Kind.KEPT_A_DAY,
                        subject + " a day and 5 minutes ago",
                        now.minusDays(1).minusMinutes(5).toInstant());
                attempt(
                        Kind.KEPT_A_DAY,
                        subject + " 5 minutes short of a day ago",
                        now.minusDays(1).plusMinutes(5).toInstant());
                attempt(Kind.KEPT_A_DAY, subject + " just now", now.toInstant());
                attempts.forgetOldAttempts();

                assertThat(jdbc.sql("""
                                select subject from common.failed_attempt
                                where kind = :kind and subject like :subject order by at
                                """)
                                .param("kind", Kind.KEPT_A_DAY.name())
                                .param("subject", subject + "%")
                                .query(String.class)
                                .list())
                        .containsExactly(subject + " 5 minutes short of a day ago", subject + " just now");
            });

            assertThat(jdbc.sql("select count(*) from common.failed_attempt where id = :id")
                            .param("id", anotherTestClasses)
                            .query(Integer.class)
                            .single())
                    .as("another test class's attempt older than a day, still there after this test")
                    .isOne();
        } finally {
            jdbc.sql("delete from common.failed_attempt where id = :id")
                    .param("id", anotherTestClasses)
                    .update();
        }
    }

    /**
     * The minutely sweep forgets a kind with its own retention once that has passed, and leaves every other kind's
     * tries, even a day-old one, to the hourly sweep: it deletes kind by kind, each through the index whose first
     * column is the kind, so it never reads the whole table. Rolled back, as above.
     */
    @Test
    void aKindWithItsOwnRetentionIsForgottenOnceThatHasPassedAndOtherKindsAreLeftToTheHourlySweep() {
        String subject = "kept-minutes " + UUID.randomUUID();
        Instant now = clock.instant();
        FailedAttempts keepingMinutes = new FailedAttempts(
                jdbc, clock, networks, List.of(new FailedAttempts.Retention(Kind.KEPT_MINUTES, Duration.ofMinutes(3))));
        new TransactionTemplate(transactions).executeWithoutResult(rolledBack -> {
            rolledBack.setRollbackOnly();
            attempt(Kind.KEPT_MINUTES, subject + " 4 minutes ago", now.minus(Duration.ofMinutes(4)));
            attempt(Kind.KEPT_MINUTES, subject + " 2 minutes ago", now.minus(Duration.ofMinutes(2)));
            attempt(Kind.KEPT_A_DAY, subject + " two days ago", now.minus(Duration.ofDays(2)));
            attempt(Kind.KEPT_A_DAY, subject + " an hour ago", now.minus(Duration.ofHours(1)));

            keepingMinutes.forgetKindsKeptShort();

            assertThat(jdbc.sql("select subject from common.failed_attempt where subject like :subject order by at")
                            .param("subject", subject + "%")
                            .query(String.class)
                            .list())
                    .containsExactly(subject + " two days ago", subject + " an hour ago", subject + " 2 minutes ago");
        });
    }

    /** A kind kept for no time, or less, is a mistake in its module's setting: refused as the application starts. */
    @Test
    void aRetentionOfNoTimeOrLessIsRefused() {
        for (Duration keptFor : List.of(Duration.ZERO, Duration.ofMinutes(-1))) {
            assertThatThrownBy(() -> new FailedAttempts.Retention(Kind.KEPT_MINUTES, keptFor))
                    .as(keptFor.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("KEPT_MINUTES tries must be kept for some time, not " + keptFor);
        }
    }

    private long attempt(Kind kind, String subject, Instant at) {
        return jdbc.sql(
                        "insert into common.failed_attempt (kind, subject, at) values (:kind, :subject, :at) returning id")
                .param("kind", kind.name())
                .param("subject", subject)
                .param("at", Timestamp.from(at))
                .query(Long.class)
                .single();
    }
}
