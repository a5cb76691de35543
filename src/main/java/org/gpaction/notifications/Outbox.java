package org.gpaction.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where modules put email. The message is stored in the caller's own transaction, so it is sent if and only if
 * what it tells of was committed.
 */
@Service
public class Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void send(Email email) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, body, category, next_attempt, created_at)
                        values (:to, :subject, :body, :category, :now, :now)
                        """)
                .param("to", email.to())
                .param("subject", email.subject())
                .param("body", email.body())
                .param("category", email.category())
                .param("now", now)
                .update();
    }
}
