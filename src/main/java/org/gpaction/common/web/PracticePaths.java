package org.gpaction.common.web;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Page paths naming one practice by its code (the {@code {ods}} in each pattern), whose forms only that practice's
 * own staff may send: checked before a request's body is read, as {@link RolePaths} are for roles, so that a member of
 * staff of another practice is refused before the CSRF check reads the form. The controller still checks; this only
 * refuses earlier.
 *
 * @param check given the caller's principal and the practice's code, throws the controller's own refusal (a {@code
 *     ResponseStatusException}) when the caller may not act for that practice
 */
public record PracticePaths(String method, List<String> patterns, BiConsumer<Object, String> check) {

    public PracticePaths {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty() || !patterns.stream().allMatch(pattern -> pattern.contains("{ods}"))) {
            throw new IllegalArgumentException("Practice paths need at least one pattern, each naming {ods}");
        }
    }
}
