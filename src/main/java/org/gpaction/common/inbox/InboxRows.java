package org.gpaction.common.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests a module takes off the request thread and acts on later, one row of its inbox table at a time, each taken
 * and acted on in one transaction (so none is acted on twice). A row whose act fails is put off (1, 2, 4 and 8
 * minutes) while the rows behind it go on, and deleted at its {@link #MOST_FAILURES}th failure: one bad row never
 * stops the others. The table needs {@code failures integer} and {@code try_after timestamptz} columns, and its
 * {@code take} must pass over rows whose {@code try_after} is still to come.
 */
public final class InboxRows {

    /** Failures after which a row is deleted: 1 + 2 + 4 + 8 minutes of tries, then no more. */
    public static final int MOST_FAILURES = 5;

    /** A row taken from an inbox, with the request it holds. */
    public record Taken<T>(long id, T request) {}

    private InboxRows() {}

    /**
     * Takes and acts on rows until {@code take} finds none; returns how many were acted on. {@code take} runs in the
     * transaction the act runs in, deleting the row it takes.
     */
    public static <T> int actOnEach(
            TransactionTemplate transactions,
            Supplier<Optional<Taken<T>>> take,
            Consumer<Taken<T>> act,
            PutOff putOff,
            Logger log,
            String what) {
        int done = 0;
        while (true) {
            AtomicLong taking = new AtomicLong(-1);
            try {
                Boolean acted = transactions.execute(status -> take.get()
                        .map(taken -> {
                            taking.set(taken.id());
                            act.accept(taken);
                            return true;
                        })
                        .orElse(false));
                if (!Boolean.TRUE.equals(acted)) {
                    return done;
                }
                done++;
            } catch (RuntimeException e) {
                long id = taking.get();
                if (id < 0) {
                    throw e;
                }
                boolean deleted = Boolean.TRUE.equals(transactions.execute(status -> putOff.failed(id)));
                log.warn(
                        deleted
                                ? "Acting on {} {} failed again; it is deleted"
                                : "Acting on {} {} failed; it is tried again later",
                        what,
                        id,
                        e);
            }
        }
    }

    /** Counts a failure against a row, in the transaction it is called in; says whether the row was deleted. */
    @FunctionalInterface
    public interface PutOff {
        boolean failed(long id);
    }

    /**
     * Counts a failure against the row of {@code table} (a table name the caller writes, never one it is given) and
     * puts it off, longer each time; deletes it at its {@link #MOST_FAILURES}th. Returns whether it was deleted.
     */
    public static boolean putOff(JdbcClient jdbc, String table, long id, Instant now) {
        Integer failures = jdbc.sql("""
                        update %s
                        set failures = failures + 1,
                            try_after = cast(:now as timestamptz) + make_interval(mins => power(2, failures)::int)
                        where id = :id
                        returning failures
                        """.formatted(table))
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .optional()
                .orElse(MOST_FAILURES);
        if (failures >= MOST_FAILURES) {
            jdbc.sql("delete from %s where id = :id".formatted(table))
                    .param("id", id)
                    .update();
            return true;
        }
        return false;
    }
}
