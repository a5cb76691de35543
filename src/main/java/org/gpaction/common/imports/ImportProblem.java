package org.gpaction.common.imports;

/**
 * One thing wrong with an imported file: the line it is on (1 is the first line of the file), the field, and what
 * to fix.
 */
public record ImportProblem(int line, String field, String message) {}
