package org.gpaction.notifications.internal;

import java.util.Objects;

final class Failures {

    private static final int MAX_LENGTH = 1000;

    private Failures() {}

    /** What went wrong, for the outbox and the log: the outermost message and, if different, the root cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        String text = root == e
                ? outer
                : outer + " (" + root.getClass().getSimpleName() + ": "
                        + Objects.requireNonNullElse(root.getMessage(), "no detail") + ")";
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }
}
