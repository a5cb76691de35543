package org.gpaction.ballots.replacement;

import java.util.LinkedHashMap;
import java.util.Map;

/** A replacement request or a scrutineer's decision that needs fixing: field name to what to fix. */
class InvalidReplacement extends RuntimeException {

    private final Map<String, String> problems;

    InvalidReplacement(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    Map<String, String> problems() {
        return problems;
    }
}
