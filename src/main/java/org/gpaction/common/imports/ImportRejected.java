package org.gpaction.common.imports;

import java.util.List;

/** A file that was refused whole: nothing in it was imported. */
public class ImportRejected extends RuntimeException {

    /** Enough to fix a file in one pass without flooding the answer; the count says how many there were. */
    public static final int MAX_REPORTED = 200;

    private final String file;
    private final List<ImportProblem> problems;
    private final int problemCount;

    public ImportRejected(String file, List<ImportProblem> problems) {
        this(file, problems, problems.size());
    }

    /** A file with more problems than were kept: {@code problems} are the first of {@code problemCount}. */
    public ImportRejected(String file, List<ImportProblem> problems, int problemCount) {
        super(summary(file, problems, problemCount));
        this.file = file;
        this.problemCount = problemCount;
        this.problems = List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_REPORTED)));
    }

    public static ImportRejected of(String file, int line, String field, String message) {
        return new ImportRejected(file, List.of(new ImportProblem(line, field, message)));
    }

    public String file() {
        return file;
    }

    public List<ImportProblem> problems() {
        return problems;
    }

    public int problemCount() {
        return problemCount;
    }

    /** The first problem with its line and field, as an import history keeps it. */
    public String firstProblem() {
        if (problems.isEmpty()) {
            return "the file was refused";
        }
        ImportProblem first = problems.get(0);
        return "line " + first.line() + ", " + first.field() + ": " + first.message();
    }

    private static String summary(String file, List<ImportProblem> problems, int problemCount) {
        if (problems.isEmpty()) {
            return file + " was refused";
        }
        ImportProblem first = problems.get(0);
        String more = problemCount > 1 ? " (and " + (problemCount - 1) + " more problems)" : "";
        return file + " line " + first.line() + ", " + first.field() + ": " + first.message() + more
                + ". Nothing was imported.";
    }
}
