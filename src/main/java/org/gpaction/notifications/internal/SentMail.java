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
 * Deletes messages sent, withdrawn unsent or failed once kept for {@link MailProperties#keepSentFor()} from when they
 * were sent or last tried. A failed message that a module counts ({@link org.gpaction.notifications.Outbox#undelivered},
 * a ballot's scrutineer report) loses its address and error instead, so the count stays, and is deleted when the
 * module forgets what it is about ({@link org.gpaction.notifications.Outbox#forgetUnsent}). Messages waiting to be
 * sent stay.
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
                               or (status = 'FAILED' and about is null and last_attempt < :keepSince)
                            limit :batch for update skip locked)
                        """)
                        .param("keepSince", Timestamp.from(keepSince))
                        .param("batch", BATCH)
                        .update());
        int anonymised = BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> jdbc.sql("""
                        update notifications.outbox set recipient = '', last_error = null where id in (
                            select id from notifications.outbox
                            where status = 'FAILED' and about is not null and last_attempt < :keepSince
                              and recipient <> ''
                            limit :batch for update skip locked)
                        """)
                        .param("keepSince", Timestamp.from(keepSince))
                        .param("batch", BATCH)
                        .update());
        if (forgotten + anonymised > 0) {
            log.info(
                    "Deleted {} messages sent, withdrawn or failed before {}, and the addresses of {} failed ones"
                            + " still counted",
                    forgotten,
                    UkTime.format(keepSince),
                    anonymised);
        }
        return forgotten + anonymised;
    }
}
