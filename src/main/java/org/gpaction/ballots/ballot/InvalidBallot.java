package org.gpaction.ballots.ballot;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ballot settings that need fixing: field name to what to fix. */
public class InvalidBallot extends RuntimeException {

    private final Map<String, String> problems;

    public InvalidBallot(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    Map<String, String> problems() {
        return problems;
    }
}
