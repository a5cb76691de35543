package org.gpaction.notifications.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.gpaction.common.UkTime;
import org.gpaction.common.retention.BatchedDeletes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes messages sent, or withdrawn unsent, once kept for {@link MailProperties#keepSentFor()}. Messages waiting to
 * be sent and those that failed stay: a ballot's scrutineer report counts the failed ones
 * ({@link org.gpaction.notifications.Outbox#undelivered}).
 */
@Component
class SentMail {

    private static final Logger log = LoggerFactory.getLogger(SentMail.class);

    /** Messages deleted per transaction, so a first run over years of mail never holds one huge transaction. */
    static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final MailProperties properties;
    private final Clock clock;

    SentMail(JdbcClient jdbc, PlatformTransactionManager transactions, MailProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** @return how many messages were deleted */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT25M")
    public int forgetSentMail() {
        Instant keepSince = SentMailRetention.keptFor(properties).keepSince(clock.instant());
        int forgotten = BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> jdbc.sql("""
                        delete from notifications.outbox where id in (
                            select id from notifications.outbox
                            where (status = 'SENT' and sent_at < :keepSince)
                               or (status = 'WITHDRAWN' and last_attempt < :keepSince)
                            limit :batch for update skip locked)
                        """)
                        .param("keepSince", Timestamp.from(keepSince))
                        .param("batch", BATCH)
                        .update());
        if (forgotten > 0) {
            log.info("Deleted {} messages sent or withdrawn before {}", forgotten, UkTime.format(keepSince));
        }
        return forgotten;
    }
}
