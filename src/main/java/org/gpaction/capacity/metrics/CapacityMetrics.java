package org.gpaction.capacity.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Today's contact requests by outcome, read from the stored requests at each scrape rather than counted as they are
 * routed, so deciding a request costs nothing more and every instance reports the same figures. Undone requests are
 * left out, as on the board.
 */
@Component
class CapacityMetrics implements MeterBinder {

    private static final String[] OUTCOMES = {"BOOKED", "DIVERTED", "WAITLISTED"};

    private final JdbcClient jdbc;
    private final Clock clock;

    CapacityMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String outcome : OUTCOMES) {
            Gauge.builder("gpaction.capacity.decisions.today", this, metrics -> metrics.today(outcome))
                    .description("Contact requests decided today (Europe/London), by outcome")
                    .tag("outcome", outcome.toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    private double today(String outcome) {
        LocalDate today = LocalDate.now(clock.withZone(UkTime.ZONE));
        return jdbc.sql("""
                        select count(*) from capacity.contact_request
                        where day = :day and outcome = :outcome and undone_at is null
                        """)
                .param("day", Date.valueOf(today))
                .param("outcome", outcome)
                .query(Long.class)
                .single();
    }
}
