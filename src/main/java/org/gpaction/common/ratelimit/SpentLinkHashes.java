package org.gpaction.common.ratelimit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.gpaction.common.retention.BatchedDeletes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hashes of single-use links that were made and can no longer be used (used up, replaced, or their record
 * deleted), remembered for {@link #KEPT}, so that a module can tell someone reopening their own old link from a guess:
 * such a link gets a page saying it cannot be used and is never counted by {@link FailedAttempts#lookUpFirst}. After
 * that it is unknown like any other. Each hash is kept under the kind of try it would otherwise count as, so one
 * module's links never answer for another's. Only the hash is kept: it names nobody.
 */
@Component
public class SpentLinkHashes {

    /** How long a spent link is known for no guess. */
    public static final Duration KEPT = Duration.ofDays(7);

    /** Rows deleted per transaction. */
    static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;

    public SpentLinkHashes(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Remembers the links with these hashes as spent, for {@link #KEPT} from now, in the caller's transaction. A link
     * remembered already keeps its first date; a null hash (a record whose link was never sent) is passed over.
     */
    public void remember(FailedAttempts.Kind kind, Collection<byte[]> hashes) {
        byte[][] given = hashes.stream().filter(hash -> hash != null).toArray(byte[][]::new);
        if (given.length == 0) {
            return;
        }
        jdbc.sql("""
                        insert into common.spent_link (kind, token_hash, forget_at)
                        select :kind, hash, :forget from unnest(cast(:hashes as bytea[])) hash
                        on conflict (kind, token_hash) do nothing
                        """)
                .param("kind", kind.name())
                .param("hashes", given)
                .param("forget", Timestamp.from(clock.instant().plus(KEPT)))
                .update();
    }

    /** Remembers one link as spent, as {@link #remember(FailedAttempts.Kind, Collection)}. */
    public void remember(FailedAttempts.Kind kind, byte[] hash) {
        remember(kind, List.of(hash));
    }

    /**
     * Whether a link of this kind with this hash was remembered as spent and its {@link #KEPT} is not over: one whose
     * while is over is unknown at once, though {@link #forgetOld} deletes its row up to an hour later.
     */
    public boolean remembers(FailedAttempts.Kind kind, byte[] hash) {
        return jdbc.sql("""
                        select exists (select 1 from common.spent_link
                                       where kind = :kind and token_hash = :hash and forget_at >= :now)
                        """)
                .param("kind", kind.name())
                .param("hash", hash)
                .param("now", Timestamp.from(clock.instant()))
                .query(Boolean.class)
                .single();
    }

    /**
     * Forgets the links whose while is over, a batch at a time, so a link is unknown like any other once its
     * {@link #KEPT} has passed.
     *
     * @return how many were forgotten
     */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT15M")
    public int forgetOld() {
        Instant now = clock.instant();
        return BatchedDeletes.untilDone(
                transaction,
                BATCH,
                () -> jdbc.sql("""
                                delete from common.spent_link where (kind, token_hash) in (
                                    select kind, token_hash from common.spent_link where forget_at < :now
                                    limit :batch for update skip locked)
                                """)
                        .param("now", Timestamp.from(now))
                        .param("batch", BATCH)
                        .update());
    }
}
