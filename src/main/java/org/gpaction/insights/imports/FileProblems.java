package org.gpaction.insights.imports;

import java.util.ArrayList;
import java.util.List;
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

    public boolean any() {
        return count > 0;
    }

    public void refuseIfAny() {
        if (count > 0) {
            throw new ImportRejected(file, kept, count);
        }
    }
}
