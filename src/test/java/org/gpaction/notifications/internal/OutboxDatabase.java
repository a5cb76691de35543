package org.gpaction.notifications.internal;

import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database of its own on the shared test PostgreSQL, holding only the notifications schema: dispatchers made
 * by a test work on it without the running application's dispatcher taking their messages, or theirs its.
 */
final class OutboxDatabase implements AutoCloseable {

    private final ScratchDatabase database;
    private final JdbcClient jdbc;

    private OutboxDatabase(ScratchDatabase database) {
        this.database = database;
        this.jdbc = database.jdbc();
    }

    static OutboxDatabase create() {
        ScratchDatabase database = new ScratchDatabase("outbox", 8);
        database.migrate("notifications", MigrationVersion.LATEST);
        return new OutboxDatabase(database);
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    /** For a connection of a test's own, outside any transaction a dispatcher is in. */
    DataSource dataSource() {
        return database.dataSource();
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
        return new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
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
        database.close();
    }
}
