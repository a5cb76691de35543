package org.gpaction.support;

import java.time.Instant;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.StringUtils;

/**
 * The application's clock for one started in a JVM of its own ({@link ChildApplication}), which a test cannot hand a
 * {@link MovingClock}: with {@value #PROPERTY} set to an instant, the clock starts there and runs on, so a test that
 * books contacts does so on a working morning whatever day it runs. Registered before the configuration is read, so
 * the application's own clock, made only when there is none, is not made.
 */
public class ClockFromProperty implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String PROPERTY = "gpaction.test.clock-starts-at";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String at = context.getEnvironment().getProperty(PROPERTY);
        if (StringUtils.hasText(at)) {
            MovingClock clock = new MovingClock();
            clock.moveTo(Instant.parse(at));
            context.getBeanFactory().registerSingleton("clockFromProperty", clock);
        }
    }
}
