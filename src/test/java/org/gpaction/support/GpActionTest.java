package org.gpaction.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port against the shared test database, with a bootstrap administrator, set up
 * as behind a reverse proxy.
 * Every test that uses this shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
            "gpaction.metrics.token=" + TestAdmin.METRICS_TOKEN,
            // Every test connects from 127.0.0.1; the per-address rule has its own test.
            "gpaction.accounts.failures-per-address=100000",
            // As the README sets it behind HAProxy; requests without the proxy's headers are taken as they come.
            "server.forward-headers-strategy=native"
        })
public @interface GpActionTest {}
