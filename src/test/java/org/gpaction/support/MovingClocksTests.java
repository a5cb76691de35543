package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Setting the clock back to now leaves nothing a rate limit counted on the day a test set it to, so the next test set to
 * that day starts afresh: whether the day is still to come or, as the capacity tests' days in 2027 will be, has passed.
 */
@GpActionTest
@Import(MovingClocks.class)
class MovingClocksTests {

    enum Kind implements FailedAttempts.Kind {
        MOVING_CLOCK_TEST;

        @Override
        public FailedAttempts.Counted counted() {
            return FailedAttempts.Counted.PER_SUBJECT_GIVEN;
        }
    }

    static final Instant A_DAY_THAT_HAS_PASSED = Instant.parse("2026-01-13T10:00:00Z");
    static final Instant A_DAY_TO_COME = Instant.now().plus(Duration.ofDays(400));

    @Autowired
    MovingClock clock;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    JdbcClient jdbc;

    final String subject = "moving-clock-" + UUID.randomUUID();

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
        jdbc.sql("delete from common.failed_attempt where subject = :subject")
                .param("subject", subject)
                .update();
    }

    @Test
    void anAttemptCountedOnADayThatHasPassedNoLongerCountsOnThatDayOnceTheClockIsSetBack() {
        assertTheNextTestOnTheDayStartsAfresh(A_DAY_THAT_HAS_PASSED);
    }

    @Test
    void anAttemptCountedOnADayToComeNoLongerCountsOnThatDayOnceTheClockIsSetBack() {
        assertTheNextTestOnTheDayStartsAfresh(A_DAY_TO_COME);
    }

    private void assertTheNextTestOnTheDayStartsAfresh(Instant day) {
        clock.moveTo(day);
        attempts.record(Kind.MOVING_CLOCK_TEST, subject);
        assertThat(attempts.pausedFor(Kind.MOVING_CLOCK_TEST, subject, 1, Duration.ofHours(1)))
                .as("the attempt counts on its day")
                .isPresent();

        MovingClocks.backToNow(clock, jdbc);
        assertThat(clock.instant()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        // A minute on, so that the attempt is not passed over as dated after the clock's now.
        clock.moveTo(day.plus(Duration.ofMinutes(1)));

        assertThat(attempts.pausedFor(Kind.MOVING_CLOCK_TEST, subject, 1, Duration.ofHours(1)))
                .as("a later test on the same day")
                .isEmpty();
    }
}
