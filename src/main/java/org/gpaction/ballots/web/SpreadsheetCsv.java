package org.gpaction.ballots.web;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * CSV for people who open it in a spreadsheet: a cell that a spreadsheet would read as a formula (starting with
 * = + - @, a tab or a carriage return) gets a leading quote, so a ballot title or option label cannot run as one.
 */
final class SpreadsheetCsv {

    private final StringBuilder text = new StringBuilder("\uFEFF");

    SpreadsheetCsv row(Object... cells) {
        text.append(Arrays.stream(cells).map(SpreadsheetCsv::cell).collect(Collectors.joining(",")))
                .append("\r\n");
        return this;
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
