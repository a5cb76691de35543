package org.gpaction.common.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The migrations' short wait for locks ({@link ModuleMigrations#LOCK_TIMEOUT}) is set on the connections Flyway takes
 * from the application's pool; none of them may go back to the pool still carrying it, or a request that happens to
 * get one would give up on a lock after ten seconds (a 500) where the same request on another connection waits.
 */
@GpActionTest
class MigrationLockTimeoutTests {

    @Autowired
    DataSource dataSource;

    @Test
    void noConnectionInThePoolKeepsTheMigrationsWaitForLocks() throws SQLException {
        int size = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        List<Connection> every = new ArrayList<>();
        List<String> timeouts = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                every.add(dataSource.getConnection());
            }
            for (Connection connection : every) {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("show lock_timeout")) {
                    rs.next();
                    timeouts.add(rs.getString(1));
                }
            }
        } finally {
            for (Connection connection : every) {
                connection.close();
            }
        }
        assertThat(timeouts)
                .as("each pooled connection's lock_timeout")
                .hasSize(size)
                .containsOnly("0");
    }
}
