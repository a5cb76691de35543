package org.gpaction.common.imports;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of an import history, whichever import it was: who sent which file when, the rows it had, and what came
 * of it: the rows created, updated, unchanged and skipped, or the problems that refused it.
 *
 * @param rowsRead the rows of an imported file; 0 for a refused one, which may not have been read to its end
 * @param firstProblem for a refused file, its first problem with line and field; else null
 */
public record ImportHistoryEntry(
        long id,
        String what,
        String fileName,
        String importedBy,
        Instant importedAt,
        int rowsRead,
        int created,
        int updated,
        int unchanged,
        int skipped,
        int problems,
        String firstProblem) {

    public boolean refused() {
        return problems > 0;
    }

    /** The outcome in words, as the history table shows it. */
    public String outcome() {
        if (refused()) {
            return "Refused, nothing changed: " + count(problems, "problem", "problems") + ". First: " + firstProblem;
        }
        return String.format(
                        Locale.ROOT, "Imported: %,d created, %,d updated, %,d unchanged", created, updated, unchanged)
                + (skipped > 0 ? String.format(Locale.ROOT, ", %,d skipped", skipped) : "");
    }

    private static String count(int n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }
}
