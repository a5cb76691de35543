package org.gpaction.events.catalogue;

import java.util.Map;
import org.gpaction.common.web.InvalidRequest;

/** An event a host must correct, with what to fix in each field. */
public class InvalidEvent extends InvalidRequest {

    private final Map<String, String> problems;

    public InvalidEvent(Map<String, String> problems) {
        super(
                "Some fields need fixing",
                problems.entrySet().stream()
                        .map(e -> Map.of("field", e.getKey(), "message", e.getValue()))
                        .toList());
        this.problems = Map.copyOf(problems);
    }

    public Map<String, String> problems() {
        return problems;
    }

    public static InvalidEvent of(String field, String message) {
        return new InvalidEvent(Map.of(field, message));
    }
}
