package org.gpaction.insights.imports;

import java.io.InputStream;

/**
 * Reads one kind of file, checks all of it and writes what it holds, inside the importing transaction (which holds
 * the import lock). A file with any problem is refused with every problem named ({@code ImportRejected}), and the
 * transaction rolls back: nothing changes.
 */
public interface InsightsLoader {

    InsightsFormat format();

    Loaded load(ImportRequest request, InputStream content);

    /**
     * @param year the financial year the caller says the file is for ({@code 2022-23}), or null; only payments
     *     files need it, as they do not name their year
     * @param month the month the caller says the file is for ({@code 2024-03}), or null; for files that do not
     *     name their month (the workforce file)
     */
    record ImportRequest(
            String fileName, String year, String month, long maxBytes, String importedBy, java.time.Instant now) {}

    /**
     * @param period what the file covered, as people read it ("2022-23", "March 2019 to August 2021")
     * @param rowsKept rows that went into the figures (others are counted as skipped, with the reason logged)
     * @param replaced rows of earlier imports for the same year or months that this import replaced
     * @param keptFromPractices months of sub-ICB locations whose figures, added up from a practice-level appointments
     *     file, a sub-ICB appointments file left as they were (its rows for them are not kept)
     */
    record Loaded(String period, int rowsRead, int rowsKept, int replaced, int keptFromPractices) {

        public Loaded(String period, int rowsRead, int rowsKept, int replaced) {
            this(period, rowsRead, rowsKept, replaced, 0);
        }
    }
}
