package org.gpaction.insights.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;

/**
 * Everything wrong with a file, in the order found, so that one answer names every line to fix. Only the first
 * problems are kept (a national file can have a million rows); all are counted.
 */
public final class FileProblems {

    private final String file;
    private final List<ImportProblem> kept = new ArrayList<>();
    private int count;

    public FileProblems(String file) {
        this.file = file;
    }

    public void add(int line, String field, String message) {
        count++;
        if (kept.size() < ImportRejected.MAX_REPORTED) {
            kept.add(new ImportProblem(line, field, message));
        }
    }

    /** One row per practice: England has about 6,300, so a file with more than this many is not one. */
    public static final int MOST_PRACTICE_ROWS = 50_000;

    /**
     * Refuses a file of one row per practice as soon as it has more rows than any such file has, before the rows kept
     * for it fill the memory; {@code rows} counts those read so far, {@code line} is the one being read.
     */
    public void refuseIfMoreThanPracticeRows(int rows, int line) {
        if (rows > MOST_PRACTICE_ROWS) {
            // First, ahead of any row's problems: this is why the file was not read to its end.
            List<ImportProblem> reported = new ArrayList<>();
            reported.add(new ImportProblem(
                    line,
                    "file",
                    String.format(
                            Locale.ROOT,
                            "The file has more than %,d rows: a file of one row per practice has about 6,300",
                            MOST_PRACTICE_ROWS)));
            reported.addAll(kept.subList(0, Math.min(kept.size(), ImportRejected.MAX_REPORTED - 1)));
            throw new ImportRejected(file, reported, count + 1);
        }
    }

    public boolean any() {
        return count > 0;
    }

    public void refuseIfAny() {
        if (count > 0) {
            throw new ImportRejected(file, kept, count);
        }
    }
}
