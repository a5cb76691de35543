package org.gpaction.support;

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

    /** How many of this database's statements beginning {@code statement} are waiting on a lock now. */
    public static long waiting(JdbcClient jdbc, String statement) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and wait_event_type = 'Lock'
                          and ltrim(query) like :statement || '%'
                        """).param("statement", statement).query(Long.class).single();
    }
}
