package org.gpaction.support;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application on a {@link MovingClock}, for tests that set it to a chosen day so that they run the same whenever
 * they run. Every test class that is a {@link GpActionTest} and imports this, and nothing else, shares one application
 * context; its scheduled jobs keep running between tests, so each test sets the clock back with {@link #backToNow}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MovingClocks {

    @Bean
    @Primary
    MovingClock movingClock() {
        return new MovingClock();
    }

    /**
     * Sets the clock back to the real time, and forgets the attempts the rate limits counted while it read another day:
     * a limit counts no attempt dated after the clock's now, but one dated ahead would count against 127.0.0.1 in a
     * later test that sets the clock to that day, and so would one dated on a day that has passed (the capacity tests'
     * days in 2027 once 2027 comes), which no longer lies ahead of now. Every attempt dated from the earliest time the
     * clock was set to goes: the tests run one at a time, so none of them is another test's still counting.
     */
    public static void backToNow(MovingClock clock, JdbcClient jdbc) {
        Instant movedFrom = clock.backToNow();
        jdbc.sql("delete from common.failed_attempt where at >= :from")
                .param("from", Timestamp.from(movedFrom))
                .update();
    }
}
