package org.gpaction.notifications.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.notifications.SecretLinks;
import org.gpaction.notifications.Sender;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OutboxRepository {

    record OutboxEntry(
            long id,
            String recipient,
            String subject,
            String category,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttempt,
            Instant lastAttempt,
            Instant sentAt,
            String lastError) {}

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the messages that are due for this transaction; other dispatchers skip them rather than wait, so
     * every instance works on different messages and none is sent twice.
     */
    List<QueuedEmail> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        select id, recipient, subject, body, category, secret_link_reference, attempts, created_at,
                               from_name, from_address, reply_to,
                               exists (select from notifications.sending_begun b where b.outbox_id = o.id)
                                   as may_have_gone
                        from notifications.outbox o
                        where status = 'PENDING' and next_attempt <= :now
                        order by next_attempt, id
                        limit :limit
                        for update of o skip locked
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> new QueuedEmail(
                        rs.getLong("id"),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getString("category"),
                        rs.getString("secret_link_reference"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("from_address") == null
                                ? null
                                : new Sender(
                                        rs.getString("from_name"),
                                        rs.getString("from_address"),
                                        rs.getString("reply_to")),
                        rs.getBoolean("may_have_gone")))
                .list();
    }

    /**
     * Records that these messages are being handed to the mail server, in a transaction committed before they are: the
     * claim's own is not, and ends with their outcome, so a stop in between would leave no trace of the attempt. One an
     * earlier attempt marked keeps its mark.
     */
    void sendingBegins(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into notifications.sending_begun (outbox_id) select unnest(:ids)
                        on conflict do nothing
                        """).param("ids", ids.toArray(Long[]::new)).update();
    }

    /**
     * Forgets that sending these began, in the transaction that records what their attempt came to (sent, failed,
     * withdrawn, or to be tried again with no copy that may have gone). A mark stranded by a stop is forgotten so once
     * the message is next sent, given up or withdrawn.
     */
    void sendingEnded(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("delete from notifications.sending_begun where outbox_id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .update();
    }

    /**
     * The body may carry a single-use link; once the message is on its way it is not kept. Nor are the address and
     * the link's reference (which may be the address), when the category says a withdrawal means the address is
     * nobody's the application keeps ({@link SecretLinks#forgetsAddressOfWithdrawn}).
     */
    void markWithdrawn(long id, Instant now, boolean forgetAddress) {
        jdbc.sql("""
                        update notifications.outbox
                        set status = 'WITHDRAWN', body = null, last_attempt = :now, last_error = 'no longer wanted',
                            recipient = case when :forgetAddress then '' else recipient end,
                            secret_link_reference = case when :forgetAddress then null else secret_link_reference end
                        where id = :id
                        """)
                .param("id", id)
                .param("now", Timestamp.from(now))
                .param("forgetAddress", forgetAddress)
                .update();
    }

    void markSent(List<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update notifications.outbox
                        set status = 'SENT', body = null, attempts = attempts + 1, sent_at = :now,
                            last_attempt = :now, last_error = null
                        where id = any(:ids)
                        """)
                .param("ids", ids.toArray(Long[]::new))
                .param("now", Timestamp.from(now))
                .update();
    }

    void markForRetry(long id, Instant now, Instant nextAttempt, String error) {
        jdbc.sql("""
                        update notifications.outbox
                        set attempts = attempts + 1, last_attempt = :now, next_attempt = :next, last_error = :error
                        where id = :id
                        """)
                .param("id", id)
                .param("now", Timestamp.from(now))
                .param("next", Timestamp.from(nextAttempt))
                .param("error", error)
                .update();
    }

    /** A message that will never be sent has no use for its body either. */
    void markFailed(long id, Instant now, String error) {
        jdbc.sql("""
                        update notifications.outbox
                        set status = 'FAILED', body = null, attempts = attempts + 1, last_attempt = :now,
                            last_error = :error
                        where id = :id
                        """)
                .param("id", id)
                .param("now", Timestamp.from(now))
                .param("error", error)
                .update();
    }

    /** The newest messages, without their bodies. */
    List<OutboxEntry> newest(int limit) {
        return jdbc.sql("""
                        select id, recipient, subject, category, status, attempts, created_at, next_attempt,
                               last_attempt, sent_at, last_error
                        from notifications.outbox
                        order by id desc
                        limit :limit
                        """)
                .param("limit", limit)
                .query((rs, row) -> new OutboxEntry(
                        rs.getLong("id"),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("category"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("next_attempt")),
                        instant(rs.getTimestamp("last_attempt")),
                        instant(rs.getTimestamp("sent_at")),
                        rs.getString("last_error")))
                .list();
    }

    Map<String, Long> countsByStatus() {
        return jdbc
                .sql("select status, count(*) as n from notifications.outbox group by status")
                .query((rs, row) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
