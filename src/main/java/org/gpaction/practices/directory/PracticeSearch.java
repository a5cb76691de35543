package org.gpaction.practices.directory;

import java.util.List;
import java.util.Locale;
import org.gpaction.common.web.ListPage;
import org.gpaction.practices.PracticeStatus;

/**
 * What to look for: {@code text} matches an ODS code exactly, part of a name, the start of a postcode, or a
 * whole line of the address (a town); the
 * other filters match exactly (the LMC's name in any case). Null means any. Pages count from 1.
 */
record PracticeSearch(String text, PracticeStatus status, String icbCode, String lmc, int page, int size) {

    static final int MAX_SIZE = 500;

    PracticeSearch {
        text = blankToNull(text);
        icbCode = blankToNull(icbCode) == null ? null : blankToNull(icbCode).toUpperCase(Locale.ROOT);
        lmc = blankToNull(lmc);
    }

    long offset() {
        return ListPage.offset(page, size);
    }

    /** Blank is no filter; control characters (a NUL the database refuses) are dropped, as no practice has any. */
    private static String blankToNull(String value) {
        String text = value == null ? null : value.replaceAll("\\p{Cntrl}", "");
        return text == null || text.isBlank() ? null : text.strip();
    }

    record Results(List<PracticeDetails> items, long total) {}
}
