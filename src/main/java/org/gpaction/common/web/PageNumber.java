package org.gpaction.common.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The page of a list asked for in a page's address ({@code page=2}), read as {@link PageParameters} reads it for the
 * API: anything but a whole number from 1 is refused with the error page saying what to fix, rather than showing the
 * first page as if it were the one asked for.
 */
public final class PageNumber {

    /** The highest page taken: a list asked for more shows its last, and no offset worked out from it overflows. */
    static final int MOST = PageParameters.MOST_PAGES;

    private PageNumber() {}

    /** The page asked for, 1 for none; a number beyond {@link #MOST} is taken as that. */
    public static int asked(String page) {
        PageParameters asked = new PageParameters();
        int number = asked.page(page);
        if (asked.anyRefused()) {
            throw new Refused();
        }
        return number;
    }

    /**
     * Refuses a page past the last of a list of this many pages, for a list that says which pages it has rather than
     * show its last in place of the one asked for.
     */
    public static void within(int page, long pages) {
        if (page > pages) {
            throw new Refused("The page number in the address (page=) must be a whole number from 1 to " + pages
                    + ", as the list has " + (pages == 1 ? "1 page" : pages + " pages")
                    + ": correct it, or leave it out for the first page.");
        }
    }

    /** A page number that is none, or past the list's last: answered 400, with what to fix on the error page. */
    public static final class Refused extends ResponseStatusException {

        Refused() {
            this(PageParameters.pageRefusal());
        }

        private Refused(String reason) {
            super(HttpStatus.BAD_REQUEST, reason);
        }
    }
}
