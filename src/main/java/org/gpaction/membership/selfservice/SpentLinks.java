package org.gpaction.membership.selfservice;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.gpaction.common.UkTime;
import org.gpaction.common.retention.BatchedDeletes;
import org.gpaction.common.retention.KeptFor;
import org.gpaction.membership.members.MembershipProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests to join, members' sign-in links and their links confirming a new email address, deleted once they are
 * spent (used, expired or, for a change of address, overtaken by another): a request to join holds the name, GMC
 * number and email address someone typed, which are the union's to keep only once the person has confirmed them and
 * become a member (their record is then the member's own).
 */
@Configuration(proxyBeanMethods = false)
class SpentLinks {

    private static final Logger log = LoggerFactory.getLogger(SpentLinks.class);

    /** Rows deleted per transaction. */
    static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MembershipProperties properties;
    private final TransactionTemplate transaction;

    SpentLinks(JdbcClient jdbc, Clock clock, MembershipProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    static KeptFor keptFor(MembershipProperties properties) {
        return new KeptFor(
                "Requests to join (the name, GMC number, email address, role and practice given) and members' links"
                        + " to change their details (with the new email address a member asked to change to)",
                properties.keepSpentLinksFor(),
                "after the link is used or expires",
                "deleted; a member's record is kept as stated above",
                31);
    }

    @Bean
    KeptFor membershipLinks() {
        return keptFor(properties);
    }

    /**
     * Deletes the requests to join and the sign-in links used or expired more than
     * {@link MembershipProperties#keepSpentLinksFor()} ago.
     *
     * @return how many were deleted
     */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT25M")
    int forgetSpentLinks() {
        Instant keepSince = keptFor(properties).keepSince(clock.instant());
        int forgotten = forget("joining_request", "id", "confirmed_at", keepSince)
                + forget("details_link", "token_hash", "used_at", keepSince)
                + forget("email_change", "id", "spent_at", keepSince);
        if (forgotten > 0) {
            log.info(
                    "Deleted {} requests to join and sign-in links spent before {}",
                    forgotten,
                    UkTime.format(keepSince));
        }
        return forgotten;
    }

    private int forget(String table, String key, String usedAt, Instant keepSince) {
        // A link is spent when used or when it expires, whichever came first: it is never used after it expires. A
        // request to join is picked by its id, as one whose email never went has no link (no hash) to pick it by.
        String sql = """
                delete from membership.%1$s where %2$s in (
                    select %2$s from membership.%1$s where coalesce(%3$s, expires_at) < :keepSince
                    limit :batch for update skip locked)
                """.formatted(table, key, usedAt);
        return BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> jdbc.sql(sql)
                        .param("keepSince", Timestamp.from(keepSince))
                        .param("batch", BATCH)
                        .update());
    }
}
