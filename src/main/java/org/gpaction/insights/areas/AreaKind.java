package org.gpaction.insights.areas;

import java.util.Arrays;
import java.util.Optional;

/** The levels figures are shown at; the path segment is how pages and the API name them. */
public enum AreaKind {
    ENGLAND("england", "England", "England"),
    ICB("icb", "Integrated care board", "integrated care board"),
    SUB_ICB("sub-icb", "Sub-ICB location", "sub-ICB location"),
    LMC("lmc", "Local Medical Committee", "local medical committee"),
    PRACTICE("practice", "Practice", "practice");

    private final String segment;
    private final String label;
    private final String inSentence;

    AreaKind(String segment, String label, String inSentence) {
        this.segment = segment;
        this.label = label;
        this.inSentence = inSentence;
    }

    public String segment() {
        return segment;
    }

    public String label() {
        return label;
    }

    /**
     * The kind as it reads mid-sentence ("there is no sub-ICB location 7Q12345"): the label lower-cased would write
     * "sub-icb".
     */
    public String inSentence() {
        return inSentence;
    }

    public static Optional<AreaKind> fromSegment(String segment) {
        return Arrays.stream(values())
                .filter(kind -> kind.segment.equals(segment))
                .findFirst();
    }
}
