package org.gpaction.support;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How a race test holds one side: a connection of its own that has taken the lock and keeps it until it ends. */
public final class HeldLocks {

    /** PostgreSQL's answer to a lock still held by another transaction when the lock timeout ends. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** PostgreSQL's answer to a statement cancelled while it waited. */
    private static final String QUERY_CANCELED = "57014";

    private HeldLocks() {}

    /**
     * A connection in a transaction that has run the statement and holds what it locked until it commits or rolls
     * back; closed again if the statement fails, so a test that never gets it holds nothing.
     */
    public static Connection holding(DataSource dataSource, String sql, Object... params) throws SQLException {
        Connection holder = dataSource.getConnection();
        try {
            holder.setAutoCommit(false);
            execute(holder, sql, params);
            return holder;
        } catch (SQLException | RuntimeException e) {
            try {
                holder.close();
            } catch (SQLException | RuntimeException closing) {
                // The statement's failure is what the test needs to see; the close's goes with it.
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Whether a transaction taking a row lock by {@code lockingSelect} would wait for the backend {@code holder}: a
     * connection of its own runs it and is seen waiting for that backend, or takes the lock, or gives up, without being
     * so seen; it rolls back either way. Waiting only for another transaction holding the row as well (the mail
     * dispatcher making a link, a scheduled run) is not counted, so neither can answer for the holder.
     */
    public static boolean waitsFor(DataSource dataSource, int holder, String lockingSelect, Object... params)
            throws Exception {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        ExecutorService asking = Executors.newSingleThreadExecutor();
        try (Connection waiter = dataSource.getConnection()) {
            waiter.setAutoCommit(false);
            // Bounded of itself: a holder that never lets go cannot hang the test.
            execute(waiter, "select set_config('lock_timeout', ?, true)", TestMailbox.DEFAULT_WAIT.toMillis() + "ms");
            int waiting = LockWaits.backend(waiter);
            try (var statement = waiter.prepareStatement(lockingSelect)) {
                bind(statement, params);
                Callable<Boolean> lock = statement::execute;
                Future<Boolean> locking = asking.submit(lock);
                AtomicBoolean seen = new AtomicBoolean();
                await().atMost(TestMailbox.DEFAULT_WAIT.plusSeconds(5))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            seen.set(blocks(jdbc, holder, waiting));
                            return seen.get() || locking.isDone();
                        });
                if (seen.get()) {
                    statement.cancel();
                }
                try {
                    locking.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof SQLException refused
                            && (LOCK_NOT_AVAILABLE.equals(refused.getSQLState())
                                    || seen.get() && QUERY_CANCELED.equals(refused.getSQLState())))) {
                        throw e;
                    }
                }
                return seen.get();
            } finally {
                waiter.rollback();
            }
        } finally {
            asking.shutdownNow();
        }
    }

    private static boolean blocks(JdbcClient jdbc, int holder, int waiting) {
        return jdbc.sql("select :holder = any(pg_blocking_pids(:waiting))")
                .param("holder", holder)
                .param("waiting", waiting)
                .query(Boolean.class)
                .single();
    }

    private static void execute(Connection connection, String sql, Object... params) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            statement.execute();
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
