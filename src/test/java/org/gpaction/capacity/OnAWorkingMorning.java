package org.gpaction.capacity;

import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Sets the application's {@link MovingClock} to {@link CapacityTestData#A_WORKING_MORNING} before each test, ahead of
 * the test class's own set-up, and back to now after it, once the class's own tear-down is done: the application stays
 * cached with its scheduled jobs running, and they must not go on living in 2027. For a test class that imports
 * {@link MovingClocks}.
 */
public final class OnAWorkingMorning implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        application(context).getBean(MovingClock.class).moveTo(CapacityTestData.A_WORKING_MORNING);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ApplicationContext application = application(context);
        MovingClocks.backToNow(application.getBean(MovingClock.class), application.getBean(JdbcClient.class));
    }

    private static ApplicationContext application(ExtensionContext context) {
        return SpringExtension.getApplicationContext(context);
    }
}
