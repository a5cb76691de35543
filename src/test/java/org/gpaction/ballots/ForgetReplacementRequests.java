package org.gpaction.ballots;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Forgets every replacement request counted before and after each test (see {@link ReplacementFixtures#forgetRequests}):
 * every request comes from the same address, and a test that asks often would otherwise leave the next one refused.
 */
public final class ForgetReplacementRequests implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        forget(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        forget(context);
    }

    private static void forget(ExtensionContext context) {
        new ReplacementFixtures(SpringExtension.getApplicationContext(context).getBean(JdbcClient.class))
                .forgetRequests();
    }
}
