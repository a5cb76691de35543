package org.gpaction.practices;

/**
 * An import changed practices in the directory (opened, closed, moved nation, or given another contract type): members
 * working at them may have become eligible for a ballot. One event for the whole import, however many practices it
 * touched.
 */
public record PracticesChanged() {}
