package org.gpaction.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.gpaction.notifications.internal.OutboxDispatcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where modules put email. The message is stored in the caller's own transaction, so it is sent if and only if
 * what it tells of was committed.
 */
@Service
public class Outbox {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Clock clock;
    private final ObjectProvider<OutboxDispatcher> dispatcher;

    Outbox(
            JdbcClient jdbc,
            NamedParameterJdbcTemplate batch,
            Clock clock,
            ObjectProvider<OutboxDispatcher> dispatcher) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void send(Email email) {
        store(email, null);
    }

    /**
     * Sends a message whose body holds {@link Email#SECRET_LINK}; the link is made by the category's
     * {@link SecretLinks} when the message goes out, from the reference given here.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendWithSecretLink(Email email, String reference) {
        if (!email.body().contains(Email.SECRET_LINK) || reference == null) {
            throw new IllegalArgumentException("A message with a secret link needs the placeholder and a reference");
        }
        store(email, reference);
    }

    /**
     * Many messages with secret links at once, as a ballot opening sends one to every voter: written in batches,
     * in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void sendWithSecretLinks(List<Email> emails, List<String> references) {
        if (emails.size() != references.size()) {
            throw new IllegalArgumentException("Each message needs its own reference");
        }
        Timestamp now = Timestamp.from(clock.instant());
        MapSqlParameterSource[] rows = new MapSqlParameterSource[emails.size()];
        for (int i = 0; i < rows.length; i++) {
            Email email = emails.get(i);
            if (!email.body().contains(Email.SECRET_LINK) || references.get(i) == null) {
                throw new IllegalArgumentException(
                        "A message with a secret link needs the placeholder and a reference");
            }
            rows[i] = new MapSqlParameterSource()
                    .addValue("to", email.to())
                    .addValue("subject", email.subject())
                    .addValue("body", email.body())
                    .addValue("category", email.category())
                    .addValue("reference", references.get(i))
                    .addValue("now", now);
        }
        batch.batchUpdate("""
                insert into notifications.outbox
                    (recipient, subject, body, category, secret_link_reference, next_attempt, created_at)
                values (:to, :subject, :body, :category, :reference, :now, :now)
                """, rows);
        wakeDispatcherAfterCommit();
    }

    private void store(Email email, String secretLinkReference) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        insert into notifications.outbox
                            (recipient, subject, body, category, secret_link_reference, next_attempt, created_at)
                        values (:to, :subject, :body, :category, :reference, :now, :now)
                        """)
                .param("to", email.to())
                .param("subject", email.subject())
                .param("body", email.body())
                .param("category", email.category())
                .param("reference", secretLinkReference)
                .param("now", now)
                .update();
        wakeDispatcherAfterCommit();
    }

    private void wakeDispatcherAfterCommit() {
        // Mail goes out as soon as what it tells of is committed, rather than at the next scheduled run.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.ifAvailable(OutboxDispatcher::wakeUp);
                }
            });
        }
    }
}
