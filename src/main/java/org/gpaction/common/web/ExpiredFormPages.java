package org.gpaction.common.web;

import java.util.List;

/**
 * Public forms (posted to these paths) that, refused because their session ended while the page sat open, are sent
 * back to their own page with {@code ?expired}, which says so and lets the person choose again. A module declares its
 * own as a bean; any other form so refused gets the refusal page saying the form expired.
 */
public record ExpiredFormPages(List<String> patterns) {

    public ExpiredFormPages {
        patterns = List.copyOf(patterns);
    }

    public static ExpiredFormPages of(String... patterns) {
        return new ExpiredFormPages(List.of(patterns));
    }
}
