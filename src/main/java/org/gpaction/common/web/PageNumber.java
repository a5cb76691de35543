package org.gpaction.common.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The page of a list asked for in its address ({@code page=2}): none asked for is the first, and a page past the end
 * is the list's to answer, as only it knows how long it is. Anything but a whole number from 1 is refused with the
 * error page saying what to fix, rather than showing the first page as if it were the one asked for.
 */
public final class PageNumber {

    /** The highest page taken: a list asked for more shows its last, and no offset worked out from it overflows. */
    static final int MOST = 100_000;

    private PageNumber() {}

    /** The page asked for, 1 for none; a number beyond {@link #MOST} is taken as that. */
    public static int asked(String page) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        String digits = page.strip();
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.chars().allMatch(c -> c == '0')) {
            throw new Refused();
        }
        String significant = digits.replaceFirst("^0+", "");
        return significant.length() > 6 ? MOST : Math.min(Integer.parseInt(significant), MOST);
    }

    /** A page number that is none: answered 400, with what to fix on the error page. */
    public static final class Refused extends ResponseStatusException {

        Refused() {
            super(
                    HttpStatus.BAD_REQUEST,
                    "The page number in the address (page=) must be a whole number from 1: correct it, or leave it out"
                            + " for the first page.");
        }
    }
}
