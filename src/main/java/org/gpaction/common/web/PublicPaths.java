package org.gpaction.common.web;

import java.util.List;

/**
 * Paths a module serves to people who are not signed in (voting links, public forms). Each module declares its
 * own as a bean; everything else requires a signed-in member of staff.
 */
public record PublicPaths(List<String> patterns) {

    public PublicPaths {
        patterns = List.copyOf(patterns);
    }

    public static PublicPaths of(String... patterns) {
        return new PublicPaths(List.of(patterns));
    }
}
