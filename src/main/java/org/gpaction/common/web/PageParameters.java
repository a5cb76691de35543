package org.gpaction.common.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The page of a list and the size of its pages asked for in an address ({@code page=2&size=50}), read the same for
 * every list, pages and API alike: plain digits, none for the default, and anything else refused naming the parameter
 * and the numbers it takes, rather than answered as if the default had been asked for. A page past the end is the
 * list's to answer, as only it knows how long it is. The refusals of one request are gathered, so a caller is told of
 * each parameter to fix at once ({@link #check}).
 */
public final class PageParameters {

    /** The highest page taken: a page asked beyond it is taken as it, and no offset worked out from it overflows. */
    static final int MOST_PAGES = 100_000;

    private static final long ABSENT = -1;

    private final List<Map<String, String>> errors = new ArrayList<>();

    /** The page asked for, 1 for none; a number beyond {@link #MOST_PAGES} is taken as that. */
    public int page(String value) {
        long asked = digits(value);
        if (asked == ABSENT) {
            return 1;
        }
        if (asked < 1) {
            refuse("page", pageRefusal());
            return 1;
        }
        return (int) Math.min(asked, MOST_PAGES);
    }

    /** The size of page asked for, {@code absent} for none; one from 1 to {@code most} is taken. */
    public int size(String value, int absent, int most) {
        long asked = digits(value);
        if (asked == ABSENT) {
            return absent;
        }
        if (asked < 1 || asked > most) {
            refuse("size", sizeRefusal(absent, most));
            return absent;
        }
        return (int) asked;
    }

    /** Another parameter of the same request to fix, refused with these. */
    public void refuse(String parameter, String message) {
        errors.add(Map.of("field", parameter, "message", message));
    }

    boolean anyRefused() {
        return !errors.isEmpty();
    }

    /** Refuses the request (400, naming each parameter to fix) if any parameter read was refused. */
    public void check() {
        if (anyRefused()) {
            throw new InvalidRequest(
                    String.join(
                            " ",
                            errors.stream().map(error -> error.get("message")).toList()),
                    errors);
        }
    }

    /** What to fix in a page number that is none. */
    static String pageRefusal() {
        return "The page number in the address (page=) must be a whole number from 1: correct it, or leave it out for"
                + " the first page.";
    }

    private static String sizeRefusal(int absent, int most) {
        return "The page size in the address (size=) must be a whole number from 1 to " + most
                + ": correct it, or leave it out for pages of " + absent + ".";
    }

    /**
     * The number written in plain digits (leading zeros and surrounding spaces allowed), {@link #ABSENT} for none, 0
     * for anything else: a sign, a fraction, an exponent, or digits of another script, which the JDK would read.
     */
    private static long digits(String value) {
        if (value == null || value.isBlank()) {
            return ABSENT;
        }
        String digits = value.strip();
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        String significant = digits.replaceFirst("^0+", "");
        if (significant.isEmpty()) {
            return 0;
        }
        return significant.length() > 12 ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
