package org.gpaction.common.web;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Page paths naming, by a path variable, the one practice or event their forms are for, which only some staff may
 * send: a practice's forms ({@code {ods}}, its code) its own staff, an event's hosting forms ({@code {id}}, its number)
 * its hosts. Checked before a request's body is read, as {@link RolePaths} are for roles, so that staff of another
 * practice, or an LMC officer of another LMC, is refused before the CSRF check reads the form. The controller still
 * checks; this only refuses earlier.
 *
 * @param variable the path variable, named in every pattern, that says which practice or event the form is for
 * @param check given the caller's principal and the variable's value, throws the controller's own refusal (a {@code
 *     ResponseStatusException}) when the caller may not send this form for it
 */
public record ScopedPaths(String method, List<String> patterns, String variable, BiConsumer<Object, String> check) {

    public ScopedPaths {
        patterns = List.copyOf(patterns);
        String named = "{" + variable + "}";
        if (patterns.isEmpty() || !patterns.stream().allMatch(pattern -> pattern.contains(named))) {
            throw new IllegalArgumentException("Scoped paths need at least one pattern, each naming " + named);
        }
    }
}
