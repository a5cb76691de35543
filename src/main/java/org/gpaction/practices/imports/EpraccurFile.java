package org.gpaction.practices.imports;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.FileKind;
import org.gpaction.practices.PracticeStatus;

/**
 * The NHS ODS GP practice file: no header, 27 quoted fields a row. Only GP practices (prescribing setting 4) are
 * kept, whatever their status, so that old references still resolve; other organisations are counted as skipped.
 */
record EpraccurFile(List<OdsPractice> practices, int skipped) {

    static final int FIELDS = 27;
    /** ODS names and address lines are far shorter; the cap keeps a broken file out of the name index. */
    static final int MAX_TEXT = 200;

    private static final String GP_PRACTICE = "4";
    private static final DateTimeFormatter ODS_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    /** The NHS began in 1948; a date outside these years is a typing error (and year 0 one the database refuses). */
    static final int EARLIEST_YEAR = 1900;

    static final int LATEST_YEAR = 2999;

    int rowsRead() {
        return practices.size() + skipped;
    }

    static EpraccurFile read(String fileName, InputStream content, long maxBytes) {
        CsvFile csv = CsvFile.withoutHeader(fileName, content, maxBytes, FileKind.EPRACCUR);
        Problems problems = new Problems(fileName);
        List<OdsPractice> practices = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        int skipped = 0;
        int rows = 0;
        for (CsvRecord record : csv) {
            rows++;
            problems.row(record);
            if (record.fields().size() != FIELDS) {
                problems.add(
                        record.line(),
                        "row",
                        "The row has " + record.fields().size() + " fields; an epraccur row has " + FIELDS);
                continue;
            }
            if (!field(record, 26).equals(GP_PRACTICE)) {
                skipped++;
                continue;
            }
            Row row = new Row(record, problems);
            String odsCode = row.code(1, "organisation code");
            Integer first = firstLines.putIfAbsent(odsCode, record.line());
            if (first != null && !odsCode.isEmpty()) {
                problems.add(
                        record.line(),
                        "field 1 (organisation code)",
                        odsCode + " is already on line " + first + ": each practice may appear once");
            }
            String name = row.required(2, "name");
            row.notTooLong(2, "name");
            // The nation comes from it: a practice without one would be in no nation, out of every ballot and count.
            String grouping = row.code(3, "national grouping");
            String icbCode = row.code(4, "ICB");
            List<String> addressLines = new ArrayList<>();
            for (int column = 5; column <= 9; column++) {
                String line = field(record, column);
                row.notTooLong(column, "address line");
                if (!line.isEmpty()) {
                    addressLines.add(line);
                }
            }
            String postcode = field(record, 10);
            row.notTooLong(10, "postcode");
            LocalDate openedOn = row.date(11, "open date");
            LocalDate closedOn = row.date(12, "close date");
            if (openedOn != null && closedOn != null && closedOn.isBefore(openedOn)) {
                problems.add(
                        record.line(),
                        "field 12 (close date)",
                        "The close date " + field(record, 12) + " is before the open date " + field(record, 11));
            }
            PracticeStatus status = row.status();
            String subIcbCode = row.code(15, "sub-ICB location");
            String phone = field(record, 18);
            row.notTooLong(18, "telephone");
            practices.add(new OdsPractice(
                    odsCode,
                    name,
                    grouping,
                    icbCode,
                    List.copyOf(addressLines),
                    postcode,
                    openedOn,
                    closedOn,
                    status,
                    subIcbCode,
                    phone.isEmpty() ? null : phone,
                    Nations.ofNationalGrouping(grouping)));
        }
        if (rows == 0) {
            problems.add(1, "file", "The file has no rows: choose the epraccur file from NHS ODS");
        } else if (skipped == rows) {
            // Other ODS files (trusts, pharmacies, branch surgeries) share epraccur's 27 columns: one of them would
            // otherwise be "imported" with every row skipped and nothing in the directory changed.
            problems.add(
                    1,
                    "file",
                    (rows == 1
                                    ? "The file's only row is not a GP practice"
                                    : String.format(Locale.ROOT, "None of the file's %,d rows is a GP practice", rows))
                            + " (prescribing setting 4 in field 26): it is another ODS file, not epraccur; choose the"
                            + " epraccur file from NHS ODS");
        }
        problems.refuseIfAny();
        return new EpraccurFile(List.copyOf(practices), skipped);
    }

    private static String field(CsvRecord record, int column) {
        return record.get(column - 1).strip();
    }

    private static String label(int column, String name) {
        return "field " + column + " (" + name + ")";
    }

    private record Row(CsvRecord record, Problems problems) {

        String required(int column, String name) {
            String value = field(record, column);
            if (value.isEmpty()) {
                problems.add(record.line(), label(column, name), "Enter the " + name);
            }
            return value;
        }

        void notTooLong(int column, String name) {
            int length = field(record, column).length();
            if (length > MAX_TEXT) {
                problems.add(
                        record.line(),
                        label(column, name),
                        "The " + name + " is " + length + " characters; the most allowed is " + MAX_TEXT);
            }
        }

        String code(int column, String name) {
            String value = Codes.normalise(field(record, column));
            if (value.isEmpty()) {
                problems.add(record.line(), label(column, name), "Enter the " + name + " code");
            } else if (!Codes.isValid(value)) {
                problems.add(
                        record.line(),
                        label(column, name),
                        "\"" + value + "\" is not an ODS code: use 2 to 10 letters and digits");
            }
            return value;
        }

        LocalDate date(int column, String name) {
            String value = field(record, column);
            if (value.isEmpty()) {
                return null;
            }
            LocalDate date;
            try {
                date = LocalDate.parse(value, ODS_DATE);
            } catch (DateTimeParseException e) {
                problems.add(
                        record.line(),
                        label(column, name),
                        "\"" + value + "\" is not a date: write it as yyyyMMdd, for example 20240401");
                return null;
            }
            if (date.getYear() < EARLIEST_YEAR || date.getYear() > LATEST_YEAR) {
                problems.add(
                        record.line(),
                        label(column, name),
                        "\"" + value + "\" is not a date between " + EARLIEST_YEAR + " and " + LATEST_YEAR
                                + ": check the year");
                return null;
            }
            return date;
        }

        PracticeStatus status() {
            String value = Codes.normalise(field(record, 13));
            PracticeStatus status = switch (value) {
                case "A" -> PracticeStatus.ACTIVE;
                case "C" -> PracticeStatus.CLOSED;
                case "D" -> PracticeStatus.DORMANT;
                case "P" -> PracticeStatus.PROPOSED;
                default -> null;
            };
            if (status == null) {
                problems.add(
                        record.line(),
                        label(13, "status"),
                        "\"" + value + "\" is not a status: use A (active), C (closed), D (dormant) or P (proposed)");
            }
            return status;
        }
    }
}
