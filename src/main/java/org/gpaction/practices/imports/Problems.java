package org.gpaction.practices.imports;

import java.util.ArrayList;
import java.util.List;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;

/** Collects everything wrong with a file, so that one answer names every line to fix. */
final class Problems {

    private final String file;
    private final List<ImportProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(int line, String field, String message) {
        found.add(new ImportProblem(line, field, message));
    }

    void refuseIfAny() {
        if (!found.isEmpty()) {
            found.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new ImportRejected(file, found);
        }
    }
}
