package org.gpaction.common.ratelimit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admission of a try held to two limits by count at once (one sender's, and everyone's, say), as the online front door
 * holds a request to its network's limit and its practice's ceiling: counted against both when both let it through,
 * against neither when either refuses it. The tries are counted among {@link FailedAttempts}', by their kinds, and
 * forgotten as they are.
 */
@Component
public class TwoLimits {

    /** One of the limits a try is held to: its kind, what it is counted under, and how many are allowed. */
    public record Limit(FailedAttempts.Kind kind, String given, int limit) {}

    /** Both subjects' tries in the window, each counted only up to its limit; read alone, and under the locks. */
    private static final String BOTH_COUNTS = """
            select
                (select count(*) from (
                    select 1 from common.failed_attempt
                    where kind = :firstKind and subject = :first and at > :since and at <= :now
                    limit :firstLimit) f) as first_recent,
                (select count(*) from (
                    select 1 from common.failed_attempt
                    where kind = :secondKind and subject = :second and at > :since and at <= :now
                    limit :secondLimit) s) as second_recent
            """;

    /** Both counts read, and the try recorded under both subjects when both are under their limits. */
    private static final String COUNTED_UNDER_BOTH = "with recent as (" + BOTH_COUNTS + """
            ), counted as (
                insert into common.failed_attempt (kind, subject, at)
                select tried.kind, tried.subject, :now
                from recent, (values (:firstKind, :first), (:secondKind, :second)) tried (kind, subject)
                where recent.first_recent < :firstLimit and recent.second_recent < :secondLimit
            )
            select first_recent, second_recent from recent
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Networks networks;

    TwoLimits(JdbcClient jdbc, Clock clock, Networks networks) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.networks = networks;
    }

    /**
     * As {@link FailedAttempts#admit}, for a try held to two limits at once in {@code window}: whether it may go ahead
     * under both, counting it against both if it may and against neither if not. Both subjects are locked, in the order
     * given (so every caller gives its two limits in one order), then one statement reads both counts and records the
     * try under both when both allow it. A caller that has just read {@link #fullAlready} for the try need not read
     * alone again on the way here: a second such read could refuse only a try whose limit these counts find full too,
     * unless the window has moved past its oldest tries in between, and it would cost the try another statement.
     *
     * @return the limit that refuses the try (the first given, when both do), or empty when it goes ahead
     */
    @Transactional
    public Optional<Limit> admitUnderLocks(Limit first, Limit second, Duration window) {
        jdbc.sql("""
                        select pg_advisory_xact_lock(hashtext(:firstKind), hashtext(:first)),
                               pg_advisory_xact_lock(hashtext(:secondKind), hashtext(:second))
                        """)
                .param("firstKind", first.kind().name())
                .param("first", subject(first))
                .param("secondKind", second.kind().name())
                .param("second", subject(second))
                .query((rs, row) -> row)
                .list();
        // Read after the locks, in a statement of its own, so both counts include every try committed before them.
        return refusing(first, second, counts(COUNTED_UNDER_BOTH, first, second, window));
    }

    /**
     * Which of the two limits, given in the order {@link #admitUnderLocks} is given them, already refuses a try in
     * {@code window} (the first, when both do), or empty if neither does yet: both counts read in one statement, without
     * a lock, and nothing recorded. For refusing a try at once when a limit is already full, without waiting for the
     * locks a flood's other tries queue behind, or holding a connection while it waits. A count read so can only be
     * short as of when it was read (tries being recorded then are not in it), so a limit it finds full was full at that
     * moment: a try it refuses would have been refused then, though not always a moment later, as the window moves on
     * and its oldest tries drop out. Empty lets nothing through: {@link #admitUnderLocks} still decides the try.
     */
    public Optional<Limit> fullAlready(Limit first, Limit second, Duration window) {
        return refusing(first, second, counts(BOTH_COUNTS, first, second, window));
    }

    /** Runs {@code statement}, one of those above, and gives the two counts it reads, as of now. */
    private int[] counts(String statement, Limit first, Limit second, Duration window) {
        Instant now = clock.instant();
        return jdbc.sql(statement)
                .param("firstKind", first.kind().name())
                .param("first", subject(first))
                .param("firstLimit", first.limit())
                .param("secondKind", second.kind().name())
                .param("second", subject(second))
                .param("secondLimit", second.limit())
                .param("since", Timestamp.from(now.minus(window)))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new int[] {rs.getInt(1), rs.getInt(2)})
                .single();
    }

    private String subject(Limit limit) {
        return limit.kind().counted().subject(networks, limit.given());
    }

    /** Which of the two limits the counts read under them refuse (the first, when both do), or empty if neither. */
    private static Optional<Limit> refusing(Limit first, Limit second, int[] recent) {
        if (recent[0] >= first.limit()) {
            return Optional.of(first);
        }
        return recent[1] >= second.limit() ? Optional.of(second) : Optional.empty();
    }
}
