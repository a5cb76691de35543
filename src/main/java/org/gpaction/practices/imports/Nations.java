package org.gpaction.practices.imports;

import java.util.regex.Pattern;
import org.gpaction.practices.Nation;

/**
 * The nation a practice is in, from its ODS national grouping. NHS England's regions are grouped as Y54 to Y63
 * (all Y5x or Y6x, so a new region code still counts); Wales is W00. The UK-wide ODS gives Scottish organisations
 * codes beginning with S and Northern Irish ones codes beginning with Z. Anything else, such as Y99 for
 * organisations outside the regions, is not guessed at.
 */
final class Nations {

    private static final Pattern ENGLISH_REGION = Pattern.compile("Y[56][0-9]");

    private Nations() {}

    static Nation ofNationalGrouping(String grouping) {
        if (grouping.equals("W00")) {
            return Nation.WALES;
        }
        if (ENGLISH_REGION.matcher(grouping).matches()) {
            return Nation.ENGLAND;
        }
        if (grouping.startsWith("S")) {
            return Nation.SCOTLAND;
        }
        if (grouping.startsWith("Z")) {
            return Nation.NORTHERN_IRELAND;
        }
        return Nation.UNKNOWN;
    }
}
