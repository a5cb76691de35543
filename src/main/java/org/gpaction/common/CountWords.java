package org.gpaction.common;

/** A count and its noun as a person reads them: "1 member", "2 members", "0 members". */
public final class CountWords {

    private CountWords() {}

    /** The count, then the noun in the singular for exactly one and in the plural for any other number. */
    public static String of(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
