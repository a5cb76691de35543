package org.gpaction.insights.imports;

import java.time.Instant;

/** One file imported: what it covered and what it did. */
public record ImportRun(
        long id,
        InsightsFormat format,
        String fileName,
        String period,
        String importedBy,
        Instant importedAt,
        int rowsRead,
        int rowsKept,
        int replaced) {}
