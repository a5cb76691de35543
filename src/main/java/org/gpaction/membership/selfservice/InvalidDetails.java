package org.gpaction.membership.selfservice;

import java.util.LinkedHashMap;
import java.util.Map;

/** Details a person entered that need fixing: field name to what to fix. */
public class InvalidDetails extends RuntimeException {

    private final Map<String, String> problems;

    public InvalidDetails(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }
}
