package org.gpaction.common;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

/**
 * What is wrong with text that is not JSON, and where, in words that never quote it: a parser's own message repeats
 * the start of what was sent, which may be a secret pasted in the wrong place.
 */
public final class JsonFaults {

    private JsonFaults() {}

    /** For example "what is near line 1, column 7 is not valid JSON". */
    public static String of(JacksonException e) {
        String where = where(e.getLocation());
        if (e instanceof UnexpectedEndOfInputException) {
            return "it ends" + where + " before its JSON value is complete";
        }
        if (e instanceof StreamConstraintsException) {
            return "it is nested too deeply, or has a name, text or number too long" + where;
        }
        return "what is" + (where.isEmpty() ? " there" : where) + " is not valid JSON";
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return "";
        }
        return " near line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
