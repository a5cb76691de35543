package org.gpaction.practices.imports;

import java.time.Instant;
import org.gpaction.common.imports.ImportHistoryEntry;

/**
 * One import as the history shows it. Every row of an imported file is counted once: created, updated, unchanged
 * or skipped. A refused file changed nothing: it has its problems counted and the first of them, and no rows.
 */
public record ImportRun(
        long id,
        ImportFormat format,
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

    ImportHistoryEntry entry() {
        return new ImportHistoryEntry(
                id,
                format.label(),
                fileName,
                importedBy,
                importedAt,
                rowsRead,
                created,
                updated,
                unchanged,
                skipped,
                problems,
                firstProblem);
    }
}
