package org.gpaction.ballots.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ballot figures read from the database at each scrape, so every instance reports the same totals whichever of them
 * took the votes. Counts only: nothing here says who voted or how.
 */
@Component
class BallotMetrics implements MeterBinder {

    private final JdbcClient jdbc;

    BallotMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("gpaction.ballots.open", this, metrics -> metrics.count("""
                        select count(*) from ballots.ballot where status = 'OPEN'
                        """))
                .description("Ballots open for voting now")
                .register(registry);
        Gauge.builder("gpaction.ballots.votes.cast", this, metrics -> metrics.count("""
                        select count(*)
                        from ballots.ballot_paper p
                        join ballots.ballot b on b.id = p.ballot_id
                        where b.status = 'OPEN'
                        """))
                .description("Votes cast so far in the ballots open now")
                .register(registry);
    }

    private double count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
