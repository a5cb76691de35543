package org.gpaction.support;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** How a race test holds one side: a connection of its own that has taken the lock and keeps it until it ends. */
public final class HeldLocks {

    private HeldLocks() {}

    /**
     * A connection in a transaction that has run the statement and holds what it locked until it commits or rolls
     * back; closed again if the statement fails, so a test that never gets it holds nothing.
     */
    public static Connection holding(DataSource dataSource, String sql, Object... params) throws SQLException {
        Connection holder = dataSource.getConnection();
        try {
            holder.setAutoCommit(false);
            try (var statement = holder.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    statement.setObject(i + 1, params[i]);
                }
                statement.execute();
            }
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
}
