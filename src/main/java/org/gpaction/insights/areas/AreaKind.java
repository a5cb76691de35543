package org.gpaction.insights.areas;

import java.util.Arrays;
import java.util.Optional;

/** The levels figures are shown at; the path segment is how pages and the API name them. */
public enum AreaKind {
    ENGLAND("england", "England"),
    ICB("icb", "Integrated care board"),
    SUB_ICB("sub-icb", "Sub-ICB location"),
    LMC("lmc", "Local Medical Committee"),
    PRACTICE("practice", "Practice");

    private final String segment;
    private final String label;

    AreaKind(String segment, String label) {
        this.segment = segment;
        this.label = label;
    }

    public String segment() {
        return segment;
    }

    public String label() {
        return label;
    }

    public static Optional<AreaKind> fromSegment(String segment) {
        return Arrays.stream(values())
                .filter(kind -> kind.segment.equals(segment))
                .findFirst();
    }
}
