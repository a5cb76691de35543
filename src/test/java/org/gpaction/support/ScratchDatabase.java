package org.gpaction.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.common.database.EmbeddedPostgresServer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database of a test's own on the shared test PostgreSQL, empty until the test migrates what it needs into it,
 * and dropped on closing even while connections to it are still open. For tests of one module's migrations, or of
 * a part that must not share its tables with the running application.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final EmbeddedPostgresServer server = SharedTestDatabase.server();
    private final String name;
    private final HikariDataSource dataSource;

    /** A new database whose name starts with the prefix, reached through a pool of at most this many. */
    public ScratchDatabase(String prefix, int connections) {
        name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        execute("create database " + name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(connections);
        dataSource = new HikariDataSource(config);
    }

    public String url() {
        return "jdbc:postgresql://localhost:" + server.port() + "/" + name;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    /**
     * A connection in one transaction throughout (so the statistics {@link RowsRead} reads are its own, counted so
     * far) on which every statement is planned as PostgreSQL plans a statement prepared on the server once it has
     * settled on a generic plan: for any values of its parameters.
     */
    public Connection genericPlans() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local plan_cache_mode = force_generic_plan");
        }
        return connection;
    }

    /** Runs one module's migrations (its schema is named after it) up to the target, as the application would. */
    public void migrate(String module, MigrationVersion target) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(module)
                .createSchemas(true)
                .locations("classpath:db/migration/" + module)
                .target(target)
                .load()
                .migrate();
    }

    @Override
    public void close() {
        dataSource.close();
        execute("drop database if exists " + name + " with (force)");
    }

    private void execute(String sql) {
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on the shared test database", e);
        }
    }
}
