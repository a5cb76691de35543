package org.gpaction.membership.members;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;

/**
 * The problems found in a file: all are counted, but only the first few by line are kept, so a file that is wrong
 * on every one of a million rows costs no more memory than one wrong on a few.
 */
final class ImportProblems {

    private record Numbered(ImportProblem problem, long order) {}

    private final TreeSet<Numbered> first = new TreeSet<>(
            Comparator.comparingInt((Numbered numbered) -> numbered.problem().line())
                    .thenComparingLong(Numbered::order));
    private long order;
    private int count;

    void add(ImportProblem problem) {
        count++;
        first.add(new Numbered(problem, order++));
        if (first.size() > ImportRejected.MAX_REPORTED) {
            first.pollLast();
        }
    }

    /** Problems found by a query that returned only the first of them and how many there were in all. */
    void addFirstOf(List<ImportProblem> problems, int total) {
        problems.forEach(this::add);
        count += total - problems.size();
    }

    int count() {
        return count;
    }

    List<ImportProblem> first() {
        return first.stream().map(Numbered::problem).toList();
    }
}
