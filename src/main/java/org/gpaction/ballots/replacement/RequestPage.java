package org.gpaction.ballots.replacement;

/**
 * Which page of a list of replacement requests is shown, {@link #SIZE} a page: {@code number} of {@code pages}. A page
 * asked for past the last (the list shorter since its link was made) is the last, so a link back to a list never shows
 * an empty one.
 */
record RequestPage(int number, long pages) {

    static final int SIZE = 50;

    static RequestPage of(int asked, long listed) {
        long pages = Math.max(1, (listed + SIZE - 1) / SIZE);
        return new RequestPage((int) Math.min(asked, pages), pages);
    }

    long offset() {
        return (number - 1L) * SIZE;
    }

    /** The place in the whole list of the first of {@code shown} requests on this page; 0 for none. */
    long firstShown(int shown) {
        return shown == 0 ? 0 : offset() + 1;
    }

    long lastShown(int shown) {
        return offset() + shown;
    }
}
