package org.gpaction.insights.appointments;

import java.io.InputStream;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.FileKind;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.insights.imports.AreaNames;

/**
 * Appointments in General Practice, monthly, in either of the shapes NHS England publishes, told apart by the header:
 * the sub-ICB (formerly CCG) file ({@code CCG_CODE} or {@code SUB_ICB_LOCATION_CODE}, {@code Appointment_Month} such
 * as MAR2019) and the practice-level file ({@code GP_CODE}, {@code APPOINTMENT_MONTH_START_DATE} such as 01OCT2024).
 * Each row counts the appointments of one month, area or practice and combination of categories; in the
 * practice-level file also of one clinical system ({@code SUPPLIER}), so a practice that changed system within the
 * month has a row under each, and the two are added up.
 *
 * <p>The rows are added up per month and area (or practice) as they are read and never held: a national month has
 * about a million rows, but only a few thousand totals.
 */
record AppointmentsFile(
        Shape shape,
        int rowsRead,
        SortedSet<YearMonth> months,
        Map<AreaMonth, Figures> areas,
        Map<PracticeMonth, PracticeFigures> practices,
        Map<String, AreaNames.Named> areaNames) {

    enum Shape {
        SUB_ICB,
        PRACTICE
    }

    record AreaMonth(YearMonth month, String subIcbCode) {}

    record PracticeMonth(YearMonth month, String odsCode) {}

    record PracticeFigures(String subIcbCode, int line, Figures figures) {}

    static final String MONTH = "APPOINTMENT_MONTH";
    static final String MONTH_START = "APPOINTMENT_MONTH_START_DATE";
    static final String COUNT = "COUNT_OF_APPOINTMENTS";
    /** The practice-level file's clinical system: a practice that changes system within a month has rows under each. */
    static final String SUPPLIER = "SUPPLIER";

    static final List<String> CATEGORIES =
            List.of("APPT_STATUS", "HCP_TYPE", "APPT_MODE", "TIME_BETWEEN_BOOK_AND_APPT");
    static final List<String> PRACTICE_COLUMNS = List.of(
            MONTH_START,
            "GP_CODE",
            "SUB_ICB_LOCATION_CODE",
            "NATIONAL_CATEGORY",
            "APPT_STATUS",
            "HCP_TYPE",
            "APPT_MODE",
            "TIME_BETWEEN_BOOK_AND_APPT",
            COUNT);

    /**
     * @param latestMonth the current month: a file cannot count appointments after it
     */
    static AppointmentsFile read(String fileName, InputStream content, long maxBytes, YearMonth latestMonth) {
        CsvFile csv = CsvFile.withAnyHeader(fileName, content, maxBytes);
        List<String> header = csv.header();
        Shape shape = shapeOf(fileName, header);
        return new AppointmentsReader(fileName, header, shape, latestMonth).read(csv);
    }

    private static Shape shapeOf(String fileName, List<String> header) {
        if (header.contains(MONTH_START)) {
            requireColumns(fileName, "practice-level", header, PRACTICE_COLUMNS);
            return Shape.PRACTICE;
        }
        if (header.contains(MONTH)) {
            List<String> needed = new ArrayList<>();
            needed.add(header.contains("SUB_ICB_LOCATION_CODE") ? "SUB_ICB_LOCATION_CODE" : "CCG_CODE");
            needed.add(MONTH);
            needed.addAll(CATEGORIES);
            needed.add(COUNT);
            requireColumns(fileName, "sub-ICB", header, needed);
            return Shape.SUB_ICB;
        }
        List<String> subIcbColumns = new ArrayList<>(List.of("CCG_CODE", MONTH));
        subIcbColumns.addAll(CATEGORIES);
        subIcbColumns.add(COUNT);
        FileKind.requireColumns(
                fileName, header, subIcbColumns, FileKind.SUB_ICB_APPOINTMENTS, FileKind.PRACTICE_APPOINTMENTS);
        throw new IllegalStateException("A header with every column has one of the months");
    }

    /** A file that is one of ours but lacks a column: say which, rather than what it looks like. */
    private static void requireColumns(String fileName, String level, List<String> header, List<String> needed) {
        List<String> missing =
                needed.stream().filter(column -> !header.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw ImportRejected.of(
                    fileName,
                    1,
                    "header",
                    "The header row has no column " + String.join(", ", missing) + ", which the " + level
                            + " Appointments in General Practice file has: check this is the whole file as published");
        }
    }
}
