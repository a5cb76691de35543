package org.gpaction.practices.imports;

import java.time.Instant;

/**
 * One import that was applied, as the history shows it. Every row read is counted once: created, updated,
 * unchanged or skipped.
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
        int skipped) {}
