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
     * Sets the clock back to the real time, and forgets the attempts the rate limits counted while it read a later
     * day: a limit counts no attempt dated after the clock's now, but one dated ahead would count against 127.0.0.1 in
     * a later test that sets the clock to that day.
     */
    public static void backToNow(MovingClock clock, JdbcClient jdbc) {
        Instant now = Instant.now();
        clock.moveTo(now);
        jdbc.sql("delete from common.failed_attempt where at > :now")
                .param("now", Timestamp.from(now))
                .update();
    }
}
