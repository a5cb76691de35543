package org.gpaction.support;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** How a race test holds one side: a connection of its own that has taken the lock and keeps it until it ends. */
public final class HeldLocks {

    /** PostgreSQL's answer to a {@code nowait} lock that another transaction holds. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

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
     * Whether a transaction taking a row lock by {@code lockingSelect} (a {@code select ... for ... nowait}) would wait
     * now, for a lock another transaction holds: a connection of its own runs it, is refused at once (lock not
     * available) or takes the lock, and rolls back either way.
     */
    public static boolean wouldWait(DataSource dataSource, String lockingSelect, Object... params) throws SQLException {
        try (Connection asking = dataSource.getConnection()) {
            asking.setAutoCommit(false);
            try {
                execute(asking, lockingSelect, params);
                return false;
            } catch (SQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    return true;
                }
                throw e;
            } finally {
                asking.rollback();
            }
        }
    }

    private static void execute(Connection connection, String sql, Object... params) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
        }
    }
}
