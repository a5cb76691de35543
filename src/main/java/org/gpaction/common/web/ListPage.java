package org.gpaction.common.web;

/**
 * Which page of a list is shown, {@code size} to a page: {@code number} of {@code pages}, one for an empty list. A page
 * asked for past the last (an old link, the list shorter since) is either shown as the last ({@link #lastIfPast}), so a
 * link back to a list never shows an empty one, or refused naming the pages there are ({@link #refusedIfPast}), for a
 * list that says which pages it has. The page asked for comes from {@link PageNumber#asked}.
 */
public record ListPage(int number, long pages, int size) {

    public ListPage {
        if (number < 1 || number > pages) {
            throw new IllegalArgumentException("Page " + number + " of " + pages + " is none");
        }
    }

    /** The page asked for of a list of {@code listed}, or its last if that is before the one asked for. */
    public static ListPage lastIfPast(int asked, long listed, int size) {
        long pages = pages(listed, size);
        return new ListPage((int) Math.min(asked, pages), pages, size);
    }

    /** The page asked for of a list of {@code listed}, refused ({@link PageNumber.Refused}) if past its last. */
    public static ListPage refusedIfPast(int asked, long listed, int size) {
        long pages = pages(listed, size);
        PageNumber.within(asked, pages);
        return new ListPage(asked, pages, size);
    }

    /** Where page {@code number} starts, for a list read a page at a time with its count, before the count is known. */
    public static long offset(int number, int size) {
        return (number - 1L) * size;
    }

    private static long pages(long listed, int size) {
        return Math.max(1, (listed + size - 1) / size);
    }

    /** How many of the list come before this page. */
    public long offset() {
        return offset(number, size);
    }

    /** The place in the whole list of the first of the {@code shown} on this page; 0 for none. */
    public long firstShown(int shown) {
        return shown == 0 ? 0 : offset() + 1;
    }

    /** The place in the whole list of the last of the {@code shown} on this page; 0 for none on the first. */
    public long lastShown(int shown) {
        return offset() + shown;
    }
}
