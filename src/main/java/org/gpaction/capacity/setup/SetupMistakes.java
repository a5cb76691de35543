package org.gpaction.capacity.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.common.web.InvalidRequest;

/**
 * The mistakes found in a set-up, in the order the rules found them, each naming its field: the first is the
 * refusal's message, and a page lists them all in that order.
 */
final class SetupMistakes {

    private final List<Map<String, String>> errors = new ArrayList<>();

    void add(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        errors.add(error);
    }

    /** Whether a mistake was found in this field or one within it. */
    boolean anyAt(String field) {
        return errors.stream().anyMatch(e -> e.get("field").startsWith(field));
    }

    /** Refuses the set-up, naming every mistake, if any was found. */
    void refuseIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.get(0).get("message"), errors);
        }
    }

    static String text(String value) {
        return value == null ? "" : value.strip();
    }

    static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }
}
