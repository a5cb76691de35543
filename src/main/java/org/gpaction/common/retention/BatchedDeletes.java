package org.gpaction.common.retention;

import java.util.function.IntSupplier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes old records a batch at a time, each batch in its own transaction, so that a first run over years of them
 * never holds one huge transaction. The batch's statement claims its rows with SKIP LOCKED, so instances running the
 * same job together each delete rows the others have not taken.
 */
public final class BatchedDeletes {

    private BatchedDeletes() {}

    /** Runs {@code batch} (deleting at most {@code size} rows) until one deletes fewer; returns how many in all. */
    public static int untilDone(TransactionTemplate transactions, int size, IntSupplier batch) {
        int total = 0;
        int deleted;
        do {
            Integer done = transactions.execute(status -> batch.getAsInt());
            deleted = done == null ? 0 : done;
            total += deleted;
        } while (deleted == size);
        return total;
    }
}
