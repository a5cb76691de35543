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

/**
 * NHS Digital's "Patients registered at a GP practice" file: a header row, then one row per practice with its
 * ODS code ({@code CODE}), {@code NUMBER_OF_PATIENTS} and the {@code EXTRACT_DATE} (for example 01JAN2021). Other
 * columns are ignored.
 */
record ListSizesFile(List<ListSize> sizes) {

    static final List<String> COLUMNS = List.of("CODE", "NUMBER_OF_PATIENTS", "EXTRACT_DATE");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,9}");
    private static final DateTimeFormatter EXTRACT_DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("ddMMMuuuu")
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);

    record ListSize(int line, String odsCode, int patients, LocalDate extractedOn) {}

    static ListSizesFile read(String fileName, InputStream content, long maxBytes) {
        CsvFile csv = CsvFile.withHeader(fileName, content, maxBytes, COLUMNS);
        Problems problems = new Problems(fileName);
        List<ListSize> sizes = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        for (CsvRecord record : csv) {
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
            LocalDate extractedOn = null;
            try {
                extractedOn = LocalDate.parse(date, EXTRACT_DATE);
            } catch (DateTimeParseException e) {
                problems.add(
                        record.line(),
                        "EXTRACT_DATE",
                        "\"" + date + "\" is not a date: write it as ddMMMyyyy, for example 01JAN2021");
            }
            sizes.add(new ListSize(record.line(), odsCode, patients, extractedOn));
        }
        if (sizes.isEmpty()) {
            problems.add(2, "file", "The file has a header but no rows: add one row per practice");
        }
        problems.refuseIfAny();
        return new ListSizesFile(List.copyOf(sizes));
    }
}
