package org.gpaction.events.registration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gpaction.common.web.InvalidRequest;

/** A registration form to correct, with what to fix in each field. */
class InvalidRegistration extends InvalidRequest {

    private final Map<String, String> problems;

    InvalidRegistration(Map<String, String> problems) {
        super(
                "Some fields need fixing",
                problems.entrySet().stream()
                        .map(e -> Map.of("field", e.getKey(), "message", e.getValue()))
                        .toList());
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    Map<String, String> problems() {
        return problems;
    }

    /** The same problems, the one with {@code field} (if any) put in these words. */
    InvalidRegistration saying(String field, String message) {
        Map<String, String> reworded = new LinkedHashMap<>(problems);
        reworded.replace(field, message);
        return new InvalidRegistration(reworded);
    }
}
