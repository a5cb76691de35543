package org.gpaction.actions.support;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.common.retention.BatchedDeletes;
import org.gpaction.common.retention.KeptFor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How long pledges of support are kept, as the privacy notice states it, and the job that keeps to it: a pledge never
 * confirmed goes with its link, a confirmed one {@link PledgeProperties#keepConfirmedFor()} after it was confirmed,
 * and a link to withdraw pledges once it has expired.
 */
@Configuration(proxyBeanMethods = false)
class PledgeRetention {

    private static final Logger log = LoggerFactory.getLogger(PledgeRetention.class);

    /** Rows deleted per transaction. */
    static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PledgeProperties properties;
    private final LinkTries tries;
    private final TransactionTemplate transaction;

    PledgeRetention(
            JdbcClient jdbc,
            Clock clock,
            PledgeProperties properties,
            LinkTries tries,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.tries = tries;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Bean
    KeptFor unconfirmedPledges() {
        return keptForUnconfirmed(properties);
    }

    /** A link's life, told as the pages and emails tell it ("48 hours"). */
    static KeptFor keptForUnconfirmed(PledgeProperties properties) {
        return new KeptFor(
                "Pledges of support never confirmed: the name, role, practice and email address given",
                properties.linkLifetime(),
                "after we emailed them",
                "deleted with their link, which has expired",
                45);
    }

    @Bean
    KeptFor pledgeWithdrawalLinks() {
        return keptForWithdrawalLinks(properties);
    }

    /**
     * A link's life, as for unconfirmed pledges: the address is kept whether or not it pledged, as asking
     * must not tell who has, until the link is used or the job deletes it once it has expired.
     */
    static KeptFor keptForWithdrawalLinks(PledgeProperties properties) {
        return new KeptFor(
                "Links to withdraw pledges of support: the email address the link was sent to, whether or not it made a"
                        + " pledge",
                keptForUnconfirmed(properties).period(),
                "after we emailed the link, unless it is used sooner",
                "deleted",
                47);
    }

    @Bean
    KeptFor confirmedPledges() {
        return keptForConfirmed(properties);
    }

    static KeptFor keptForConfirmed(PledgeProperties properties) {
        return new KeptFor(
                "Confirmed pledges of support: the name, role, practice and email address given, and whether the"
                        + " campaign may contact the person",
                properties.keepConfirmedFor(),
                "after they were confirmed, unless withdrawn sooner",
                "deleted",
                46);
    }

    /**
     * Deletes unconfirmed pledges whose link has expired, confirmed pledges older than their period, and expired
     * links to withdraw pledges, remembering their links' hashes a while ({@link LinkTries#spent}); and forgets which
     * pledge a replaced confirmation link was for once {@link SpentLinkHashes#KEPT} has passed since it was replaced,
     * when the link is unknown like any other.
     *
     * @return how many pledges were deleted
     */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    int forgetPledges() {
        Instant now = clock.instant();
        Instant keepSince = keptForConfirmed(properties).keepSince(now);
        int forgotten = BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> forgetRemembering(jdbc.sql("""
                                delete from actions.pledge where id in (
                                    select id from actions.pledge
                                    where (confirmed_at is null and expires_at < :now) or confirmed_at < :keepSince
                                    limit :batch for update skip locked)
                                returning token_hash
                                """)
                        .param("now", Timestamp.from(now))
                        .param("keepSince", Timestamp.from(keepSince))
                        .param("batch", BATCH)));
        BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> forgetRemembering(
                        jdbc.sql("""
                                delete from actions.pledge_withdrawal where token_hash in (
                                    select token_hash from actions.pledge_withdrawal where expires_at < :now
                                    limit :batch for update skip locked)
                                returning token_hash
                                """).param("now", Timestamp.from(now)).param("batch", BATCH)));
        Instant replacedBefore = now.minus(SpentLinkHashes.KEPT);
        BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> jdbc.sql("""
                                delete from actions.pledge_replaced_link where token_hash in (
                                    select token_hash from actions.pledge_replaced_link
                                    where replaced_at < :replacedBefore
                                    limit :batch for update skip locked)
                                """)
                        .param("replacedBefore", Timestamp.from(replacedBefore))
                        .param("batch", BATCH)
                        .update());
        if (forgotten > 0) {
            log.info(
                    "Deleted {} pledges of support: unconfirmed ones whose link expired, and ones confirmed before {}",
                    forgotten,
                    UkTime.format(keepSince));
        }
        return forgotten;
    }

    /**
     * Runs a delete returning the links' hashes of the rows deleted, and remembers those links as spent, so that
     * reopening one is known for no guess a while longer; returns how many rows were deleted.
     */
    private int forgetRemembering(JdbcClient.StatementSpec delete) {
        List<byte[]> links =
                delete.query((rs, row) -> rs.getBytes("token_hash")).list();
        tries.spent(links);
        return links.size();
    }
}
