package org.gpaction.common.imports;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an import's file may hold, as its upload page offers it (a radio named by its label) and its API takes it (the
 * {@code format} parameter).
 */
public interface FormatChoice {

    String parameter();

    String label();

    /** The format a request names, in any case and with blanks around it; empty for none or one there is not. */
    static <F extends FormatChoice> Optional<F> named(F[] formats, String parameter) {
        String given = parameter == null ? "" : parameter.strip();
        return Arrays.stream(formats)
                .filter(format -> format.parameter().equalsIgnoreCase(given))
                .findFirst();
    }
}
