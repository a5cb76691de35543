package org.gpaction.insights.imports;

import java.time.Instant;
import org.gpaction.common.imports.ImportHistoryEntry;

/**
 * One file sent for import: what it covered and what it did, or, for a refused file (which changed nothing and
 * covered no period), its problems counted and the first of them.
 */
public record ImportRun(
        long id,
        InsightsFormat format,
        String fileName,
        String period,
        String importedBy,
        Instant importedAt,
        int rowsRead,
        int rowsKept,
        int replaced,
        int keptFromPractices,
        int problems,
        String firstProblem) {

    /**
     * As the shared history shows it. The figures of a year or month imported again replace the earlier ones, so
     * the rows that replaced one count as updated and the rest as created; rows left out of the figures are skipped.
     */
    ImportHistoryEntry entry() {
        int updated = Math.min(replaced, rowsKept);
        return new ImportHistoryEntry(
                id,
                period == null ? format.label() : format.label() + ": " + period,
                fileName,
                importedBy,
                importedAt,
                rowsRead,
                rowsKept - updated,
                updated,
                0,
                rowsRead - rowsKept,
                problems,
                firstProblem);
    }
}
