package org.gpaction.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How a race test knows the other side is held: the test database's statements waiting on a lock. */
public final class LockWaits {

    private LockWaits() {}

    /** The backends whose statement beginning {@code statement} is waiting on a lock now. */
    public static Set<Integer> waitingBackends(JdbcClient jdbc, String statement) {
        return Set.copyOf(
                jdbc.sql("""
                        select pid from pg_stat_activity
                        where datname = current_database() and wait_event_type = 'Lock'
                          and ltrim(query) like :statement || '%'
                        """).param("statement", statement).query(Integer.class).list());
    }

    /** The server process of the connection {@code jdbc} uses here: in a transaction, the transaction's own. */
    public static int thisBackend(JdbcClient jdbc) {
        return jdbc.sql("select pg_backend_pid()").query(Integer.class).single();
    }

    /** The server process of a connection a test holds a lock on, to find who waits for it. */
    public static int backend(Connection connection) throws SQLException {
        try (var pid = connection.prepareStatement("select pg_backend_pid()");
                var result = pid.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }

    /**
     * How many of this database's backends are waiting for a lock the backend {@code holder} holds now: a test's own
     * waiters, never a scheduled job of another cached application context waiting for a lock of its own.
     */
    public static long blockedBy(JdbcClient jdbc, int holder) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and :holder = any(pg_blocking_pids(pid))
                        """).param("holder", holder).query(Long.class).single();
    }

    /** The backends waiting now for a lock the backend {@code holder} holds: to find, in turn, who waits for them. */
    public static Set<Integer> blockedBackends(JdbcClient jdbc, int holder) {
        return Set.copyOf(
                jdbc.sql("""
                        select pid from pg_stat_activity
                        where datname = current_database() and :holder = any(pg_blocking_pids(pid))
                        """).param("holder", holder).query(Integer.class).list());
    }

    /**
     * How many of this database's backends are waiting, directly or behind another waiter, for a lock the backend
     * {@code holder} holds now: a second request for a row the holder locked waits for the first request (which holds
     * the row's queue place), not for the holder itself, and is counted too.
     */
    public static long waitingBehind(JdbcClient jdbc, int holder) {
        return jdbc.sql("""
                        with recursive behind(pid) as (
                            select pid from pg_stat_activity
                            where datname = current_database() and :holder = any(pg_blocking_pids(pid))
                            union
                            select a.pid from pg_stat_activity a join behind b on b.pid = any(pg_blocking_pids(a.pid))
                            where a.datname = current_database())
                        select count(*) from behind
                        """).param("holder", holder).query(Long.class).single();
    }

    /** How many of this database's statements beginning {@code statement} are waiting on a lock now. */
    public static long waiting(JdbcClient jdbc, String statement) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and wait_event_type = 'Lock'
                          and ltrim(query) like :statement || '%'
                        """).param("statement", statement).query(Long.class).single();
    }
}
