package org.gpaction.common.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV for people who open it in a spreadsheet: a cell that a spreadsheet would read as a formula (starting with
 * = + - @, a tab or a carriage return) gets a leading quote, so text typed into a form cannot run as one.
 */
public final class SpreadsheetCsv {

    /** The mark a file starts with so that spreadsheets read it as UTF-8. */
    public static final String BYTE_ORDER_MARK = "\uFEFF";

    private final StringBuilder text = new StringBuilder(BYTE_ORDER_MARK);

    public SpreadsheetCsv row(List<?> cells) {
        text.append(line(cells));
        return this;
    }

    public SpreadsheetCsv row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    /** One row, line end included, for a file written as it goes rather than held whole. */
    public static String line(List<?> cells) {
        return cells.stream().map(SpreadsheetCsv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    @Override
    public String toString() {
        return text.toString();
    }

    static String cell(Object value) {
        String cell = value == null ? "" : value.toString();
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            cell = "'" + cell;
        }
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            cell = "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
