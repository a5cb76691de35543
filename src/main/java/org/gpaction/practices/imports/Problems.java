package org.gpaction.practices.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;

/**
 * Collects everything wrong with a file, so that one answer names every line to fix: the first
 * {@link ImportRejected#MAX_REPORTED} of them, with a count of all, so a file of nothing but problems cannot fill the
 * memory with them.
 */
final class Problems {

    /**
     * Rows a practices file may have: epraccur lists every prescribing organisation in England and Wales ever opened
     * (16,534 rows in the May 2025 file) and the others one row per practice or area, so a file with more than this is
     * not one of them.
     */
    static final int MOST_ROWS = 50_000;

    /** Characters no directory field holds and the database cannot store (NUL) or print: any control but space. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

    private final String file;
    private final List<ImportProblem> kept = new ArrayList<>();
    private int count;
    private int rows;

    Problems(String file) {
        this.file = file;
    }

    void add(int line, String field, String message) {
        count++;
        if (kept.size() < ImportRejected.MAX_REPORTED) {
            // A message quotes what the file says, which may hold what the import history cannot store.
            kept.add(new ImportProblem(line, field, CONTROL.matcher(message).replaceAll("\uFFFD")));
        }
    }

    /**
     * Counts a row as it is read, refusing the file at once when it has more rows than any practices file, and
     * names each field of it holding a control character.
     */
    void row(CsvRecord record) {
        rows++;
        if (rows > MOST_ROWS) {
            List<ImportProblem> reported = new ArrayList<>();
            reported.add(new ImportProblem(
                    record.line(),
                    "file",
                    String.format(
                            Locale.ROOT,
                            "The file has more than %,d rows: no practices file has so many (epraccur has about"
                                    + " 16,500)",
                            MOST_ROWS)));
            reported.addAll(kept.subList(0, Math.min(kept.size(), ImportRejected.MAX_REPORTED - 1)));
            throw new ImportRejected(file, reported, count + 1);
        }
        for (int i = 0; i < record.fields().size(); i++) {
            String value = record.fields().get(i);
            var control = CONTROL.matcher(value);
            if (control.find()) {
                add(
                        record.line(),
                        columnName(record, i),
                        String.format(
                                Locale.ROOT,
                                "Character %d is a control character (U+%04X), which no field may hold: remove it",
                                control.start() + 1,
                                (int) value.charAt(control.start())));
            }
        }
    }

    private static String columnName(CsvRecord record, int index) {
        for (Map.Entry<String, Integer> column : record.columns().entrySet()) {
            if (column.getValue() == index) {
                return column.getKey();
            }
        }
        return "field " + (index + 1);
    }

    void refuseIfAny() {
        if (count > 0) {
            kept.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new ImportRejected(file, kept, count);
        }
    }
}
