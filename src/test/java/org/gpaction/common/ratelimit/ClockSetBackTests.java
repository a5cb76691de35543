package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A limit counts the attempts up to the clock's now and none after it, so that tests which set the clock back to a
 * chosen day are not refused for what other tests tried at the real time.
 */
@GpActionTest
@Import(MovingClocks.class)
class ClockSetBackTests {

    enum Kind implements FailedAttempts.Kind {
        CLOCK_SET_BACK
    }

    static final Duration WINDOW = Duration.ofDays(1);

    @Autowired
    FailedAttempts attempts;

    @Autowired
    MovingClock clock;

    @Autowired
    JdbcClient jdbc;

    final String subject = "192.0.2.1/" + UUID.randomUUID();

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
        attempts.clear(Kind.CLOCK_SET_BACK, subject);
    }

    @Test
    void anAttemptDatedAfterTheClocksNowDoesNotCount() {
        // Days ahead, not behind: the other test contexts' hourly job, on the real clock, deletes attempts older than a
        // day, and would take these from under the counts below whenever it ran meanwhile.
        Instant day = Instant.now().plus(Duration.ofDays(30));
        clock.moveTo(day.plus(Duration.ofHours(1)));
        attempts.record(Kind.CLOCK_SET_BACK, subject);

        clock.moveTo(day);
        assertThat(attempts.pausedFor(Kind.CLOCK_SET_BACK, subject, 1, WINDOW))
                .as("an hour before the attempt")
                .isEmpty();
        assertThat(attempts.admit(Kind.CLOCK_SET_BACK, subject, 2, WINDOW))
                .as("the first of two admitted an hour before the attempt")
                .isTrue();
        assertThat(attempts.admit(Kind.CLOCK_SET_BACK, subject, 2, WINDOW))
                .as("the second of two admitted an hour before the attempt")
                .isTrue();

        clock.moveTo(day.plus(Duration.ofHours(2)));
        assertThat(attempts.pausedFor(Kind.CLOCK_SET_BACK, subject, 3, WINDOW))
                .as("an hour after the attempt, it counts with the two before it")
                .isPresent();
    }
}
