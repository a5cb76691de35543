package org.gpaction.notifications.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.gpaction.common.database.EmbeddedPostgresServer;
import org.gpaction.support.SharedTestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database of its own on the shared test PostgreSQL, holding only the notifications schema: dispatchers made
 * by a test work on it without the running application's dispatcher taking their messages, or theirs its.
 */
final class OutboxDatabase implements AutoCloseable {

    private final EmbeddedPostgresServer server;
    private final String name;
    private final HikariDataSource dataSource;
    private final JdbcClient jdbc;

    private OutboxDatabase(EmbeddedPostgresServer server, String name, HikariDataSource dataSource) {
        this.server = server;
        this.name = name;
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
    }

    static OutboxDatabase create() {
        EmbeddedPostgresServer server = SharedTestDatabase.server();
        String name = "outbox_" + UUID.randomUUID().toString().replace("-", "");
        execute(server, "create database " + name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + server.port() + "/" + name);
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("notifications")
                .createSchemas(true)
                .locations("classpath:db/migration/notifications")
                .load()
                .migrate();
        return new OutboxDatabase(server, name, dataSource);
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    /** For a connection of a test's own, outside any transaction a dispatcher is in. */
    DataSource dataSource() {
        return dataSource;
    }

    /** What {@code Outbox.sendWithSecretLinks} stores: the body holds the link's place, made when it is sent. */
    long putWithSecretLink(String to, String subject, String body, String category, String reference, Instant due) {
        return jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, body, category, secret_link_reference,
                            next_attempt, created_at)
                        values (:to, :subject, :body, :category, :reference, :due, :due)
                        returning id
                        """)
                .param("to", to)
                .param("subject", subject)
                .param("body", body)
                .param("category", category)
                .param("reference", reference)
                .param("due", Timestamp.from(due))
                .query(Long.class)
                .single();
    }

    OutboxRepository repository() {
        return new OutboxRepository(jdbc);
    }

    /** Each dispatcher gets its own, as each application instance has. */
    TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** What {@code Outbox.send} stores, due at the given time. */
    long put(String to, String subject, String body, Instant due) {
        return jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, body, category, next_attempt, created_at)
                        values (:to, :subject, :body, 'test', :due, :due)
                        returning id
                        """)
                .param("to", to)
                .param("subject", subject)
                .param("body", body)
                .param("due", Timestamp.from(due))
                .query(Long.class)
                .single();
    }

    @Override
    public void close() {
        dataSource.close();
        execute(server, "drop database if exists " + name);
    }

    private static void execute(EmbeddedPostgresServer server, String sql) {
        try (Connection connection =
                        java.sql.DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
