package org.gpaction.practices.imports;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.FileKind;

/**
 * NHS Digital's "Patients registered at a GP practice" file: a header row, then one row per practice with its
 * ODS code ({@code CODE}), {@code NUMBER_OF_PATIENTS} and the {@code EXTRACT_DATE}, written 01JAN2021 in older
 * releases and 2026-03-01 in newer ones. Other columns (CCG or sub-ICB location codes among them) are ignored.
 * A file is one extract: every row gives the same date, which is what lets a re-import replace that extract whole.
 */
record ListSizesFile(LocalDate extractedOn, List<ListSize> sizes) {

    static final List<String> COLUMNS = List.of("CODE", "NUMBER_OF_PATIENTS", "EXTRACT_DATE");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,9}");
    private static final DateTimeFormatter OLDER_EXTRACT_DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("ddMMMuuuu")
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter NEWER_EXTRACT_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    record ListSize(int line, String odsCode, int patients, LocalDate extractedOn) {}

    /** The earliest extract a file may give: NHS Digital's published list sizes begin after it. */
    static final LocalDate EARLIEST_EXTRACT = LocalDate.of(2000, 1, 1);

    /**
     * Reads the file, refusing an extract dated before {@link #EARLIEST_EXTRACT} or after {@code today}: a future
     * date would become every practice's current list size, with every true extract after it only history.
     */
    static ListSizesFile read(String fileName, InputStream content, long maxBytes, LocalDate today) {
        CsvFile csv = CsvFile.withHeader(fileName, content, maxBytes, COLUMNS, FileKind.LIST_SIZES);
        Problems problems = new Problems(fileName);
        List<ListSize> sizes = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        LocalDate extract = null;
        int extractLine = 0;
        for (CsvRecord record : csv) {
            problems.row(record);
            String odsCode = Codes.normalise(record.get("CODE"));
            if (!Codes.isValid(odsCode)) {
                problems.add(record.line(), "CODE", "Enter the practice's ODS code, for example A81001");
            } else {
                Integer first = firstLines.putIfAbsent(odsCode, record.line());
                if (first != null) {
                    problems.add(
                            record.line(),
                            "CODE",
                            odsCode + " is already on line " + first + ": give one total per practice");
                }
            }
            String count = record.get("NUMBER_OF_PATIENTS");
            int patients = 0;
            if (COUNT.matcher(count).matches()) {
                patients = Integer.parseInt(count);
            } else {
                problems.add(
                        record.line(),
                        "NUMBER_OF_PATIENTS",
                        "\"" + count + "\" is not a number of patients: use digits only, for example 5903");
            }
            String date = record.get("EXTRACT_DATE");
            LocalDate extractedOn = extractDate(date);
            if (extractedOn == null) {
                problems.add(
                        record.line(),
                        "EXTRACT_DATE",
                        "\"" + date + "\" is not a date: write it as ddMMMyyyy, for example 01JAN2021, or as "
                                + "yyyy-MM-dd, for example 2026-03-01");
            } else if (extractedOn.isBefore(EARLIEST_EXTRACT) || extractedOn.isAfter(today)) {
                problems.add(
                        record.line(),
                        "EXTRACT_DATE",
                        date + " is " + (extractedOn.isAfter(today) ? "after today" : "before 2000")
                                + ": check the extract's date");
                extractedOn = null;
            } else if (extract == null) {
                extract = extractedOn;
                extractLine = record.line();
            } else if (!extract.equals(extractedOn)) {
                problems.add(
                        record.line(),
                        "EXTRACT_DATE",
                        date + " is not the extract date of line " + extractLine + " (" + extract
                                + "): import one extract per file");
            }
            sizes.add(new ListSize(record.line(), odsCode, patients, extractedOn));
        }
        if (sizes.isEmpty()) {
            problems.add(2, "file", "The file has a header but no rows: add one row per practice");
        }
        problems.refuseIfAny();
        return new ListSizesFile(extract, List.copyOf(sizes));
    }

    private static LocalDate extractDate(String date) {
        for (DateTimeFormatter form : List.of(OLDER_EXTRACT_DATE, NEWER_EXTRACT_DATE)) {
            try {
                return LocalDate.parse(date, form);
            } catch (DateTimeParseException e) {
                // not this form: try the next
            }
        }
        return null;
    }
}
