package org.gpaction.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What else was going on while a run was measured, so that a run with a long tail says where it may have come from:
 * the JVM's garbage collection time, PostgreSQL's checkpoints, and every 200 ms what the server's other backends were
 * waiting on and which tables autovacuum was working on. It holds one of the application's pooled connections for the
 * run, so the load has one fewer (of 20) while it is measured.
 */
final class RunSampler implements AutoCloseable {

    private final org.springframework.jdbc.datasource.SingleConnectionDataSource connection;
    private final JdbcClient jdbc;
    private final long gcBefore;
    private final long checkpointsBefore;
    private final Map<String, Integer> waits = new TreeMap<>();
    private final Map<String, Integer> autovacuum = new TreeMap<>();
    private final Thread sampler;
    private int samples;
    private long gcDuring;
    private long checkpointsDuring;

    RunSampler(DataSource dataSource) {
        this.connection =
                new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection(dataSource), true);
        this.jdbc = JdbcClient.create(connection);
        this.gcBefore = gcMillis();
        this.checkpointsBefore = checkpoints();
        this.sampler = new Thread(this::sample, "bench-run-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static java.sql.Connection connection(DataSource dataSource) {
        try {
            return dataSource.getConnection();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sample() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(200);
                var rows = jdbc.sql("""
                                select backend_type, coalesce(wait_event_type || ':' || wait_event, 'cpu') as waiting,
                                       case when backend_type = 'autovacuum worker' then query end as vacuuming
                                from pg_stat_activity
                                where pid <> pg_backend_pid() and state is distinct from 'idle'
                                  and backend_type in ('client backend', 'autovacuum worker')
                                """)
                        .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                        .list();
                synchronized (this) {
                    samples++;
                    for (String[] row : rows) {
                        if (row[2] != null) {
                            autovacuum.merge(row[2].replaceAll("\\s+", " "), 1, Integer::sum);
                        } else {
                            waits.merge(row[1], 1, Integer::sum);
                        }
                    }
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failed) {
            synchronized (this) {
                waits.merge("sampling stopped: " + failed.getMessage(), 1, Integer::sum);
            }
        }
    }

    /** One line, once closed: GC, checkpoints, autovacuum and the backends' waits, each as seen in how many samples. */
    String summary() {
        synchronized (this) {
            return String.format(
                    "GC %,d ms, %d checkpoints begun or ended; in %d samples 200 ms apart, backends waiting on %s; "
                            + "autovacuum %s",
                    gcDuring, checkpointsDuring, samples, waits, autovacuum.isEmpty() ? "not seen" : autovacuum);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join(2_000);
        gcDuring = gcMillis() - gcBefore;
        checkpointsDuring = checkpoints() - checkpointsBefore;
        connection.destroy();
    }

    /** The JVM's garbage collection time so far, in milliseconds. */
    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(time -> time > 0)
                .sum();
    }

    private long checkpoints() {
        return jdbc.sql("select num_timed + num_requested + num_done from pg_stat_checkpointer")
                .query(Long.class)
                .single();
    }
}
