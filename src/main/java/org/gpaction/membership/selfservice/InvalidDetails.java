package org.gpaction.membership.selfservice;

import java.util.LinkedHashMap;
import java.util.Map;

/** Details a person entered that need fixing: field name to what to fix. */
class InvalidDetails extends RuntimeException {

    private final Map<String, String> problems;

    InvalidDetails(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    Map<String, String> problems() {
        return problems;
    }
}
