package org.gpaction.notifications.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox as the metrics see it, read from the database at each scrape: what waits to be sent, how long the
 * oldest has waited (a stuck dispatcher or a dead SMTP server shows here first), and what has failed for good.
 */
@Component
class OutboxMetrics implements MeterBinder {

    private final JdbcClient jdbc;
    private final Clock clock;

    OutboxMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("gpaction.mail.queued", this, metrics -> metrics.count("PENDING"))
                .description("Messages waiting to be sent")
                .register(registry);
        Gauge.builder("gpaction.mail.failed", this, metrics -> metrics.count("FAILED"))
                .description("Messages that failed for good after every attempt")
                .register(registry);
        Gauge.builder("gpaction.mail.oldest.queued.age", this, OutboxMetrics::oldestQueuedAgeSeconds)
                .description("How long the oldest message waiting to be sent has waited; 0 when none waits")
                .baseUnit("seconds")
                .register(registry);
    }

    private double count(String status) {
        return jdbc.sql("select count(*) from notifications.outbox where status = :status")
                .param("status", status)
                .query(Long.class)
                .single();
    }

    private double oldestQueuedAgeSeconds() {
        Optional<Timestamp> oldest = jdbc.sql(
                        "select min(created_at) from notifications.outbox where status = 'PENDING'")
                .query(Timestamp.class)
                .optional();
        return oldest.map(created -> Math.max(
                        0,
                        Duration.between(created.toInstant(), clock.instant()).toMillis() / 1000.0))
                .orElse(0.0);
    }
}
