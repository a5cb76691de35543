package org.gpaction.insights.appointments;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.insights.appointments.AppointmentsFile.AreaMonth;
import org.gpaction.insights.appointments.AppointmentsFile.PracticeFigures;
import org.gpaction.insights.appointments.AppointmentsFile.PracticeMonth;
import org.gpaction.insights.appointments.AppointmentsFile.Shape;
import org.gpaction.insights.imports.AreaNames;
import org.gpaction.insights.imports.FileProblems;

/**
 * One reading of an appointments file, row by row: the numbers given to months, places and categories, the totals
 * and the rows seen, and every problem by line and field.
 */
final class AppointmentsReader {

    private static final Pattern AREA_CODE = Pattern.compile("[A-Z0-9]{2,10}");
    private static final Pattern PRACTICE_CODE = Pattern.compile("[A-Z0-9]{3,10}");
    private static final int MAX_NAME = 200;
    private static final DateTimeFormatter MONTH_FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("MMMuuuu")
            .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter MONTH_START_FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("ddMMMuuuu")
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);

    /** The key of a row packs these many bits for each part; a file needing more is refused. */
    private static final int MONTH_BITS = 10;

    private static final int PLACE_BITS = 22;
    private static final int NATIONAL_CATEGORY_BITS = 12;
    /** England's practices use four clinical systems; the key's top bits (bar the sign) leave room for 64. */
    private static final int SUPPLIER_BITS = 6;

    private final String fileName;
    private final Shape shape;
    private final YearMonth latestMonth;
    private final FileProblems problems;
    private final int monthColumn;
    private final int placeColumn;
    private final int subIcbColumn;
    private final int nameColumn;
    private final String nameColumnName;
    private final int nationalCategoryColumn;
    private final int supplierColumn;
    private final int countColumn;
    private final String placeColumnName;
    private final String monthColumnName;
    private final Category.Reader[] categories = {
        Category.STATUS.reader(), Category.HCP_TYPE.reader(), Category.MODE.reader(), Category.WAIT.reader()
    };
    private final int[] categoryColumns = new int[4];

    private final Map<String, YearMonth> monthTexts = new HashMap<>();
    private final Map<YearMonth, Integer> monthNumbers = new HashMap<>();
    private final Map<String, Integer> placeNumbers = new HashMap<>();
    private final Map<String, Integer> nationalCategoryNumbers = new HashMap<>();
    private final Map<String, Integer> supplierNumbers = new HashMap<>();
    private final SeenRows seen = new SeenRows();
    private final Map<AreaMonth, Figures> areas = new LinkedHashMap<>();
    private final Map<PracticeMonth, PracticeFigures> practices = new LinkedHashMap<>();
    /** Each area's name as its latest month in the file gives it: the rows need not be in month order. */
    private final Map<String, AreaNames.Named> areaNames = new LinkedHashMap<>();

    private final int[] codes = new int[4];

    AppointmentsReader(String fileName, List<String> header, Shape shape, YearMonth latestMonth) {
        this.fileName = fileName;
        this.shape = shape;
        this.latestMonth = latestMonth;
        this.problems = new FileProblems(fileName);
        boolean practiceLevel = shape == Shape.PRACTICE;
        boolean subIcbNames = header.contains("SUB_ICB_LOCATION_CODE");
        monthColumnName = practiceLevel ? AppointmentsFile.MONTH_START : AppointmentsFile.MONTH;
        placeColumnName = practiceLevel ? "GP_CODE" : subIcbNames ? "SUB_ICB_LOCATION_CODE" : "CCG_CODE";
        monthColumn = header.indexOf(monthColumnName);
        placeColumn = header.indexOf(placeColumnName);
        subIcbColumn = header.indexOf(practiceLevel || subIcbNames ? "SUB_ICB_LOCATION_CODE" : "CCG_CODE");
        nameColumnName = practiceLevel || subIcbNames ? "SUB_ICB_LOCATION_NAME" : "CCG_NAME";
        nameColumn = header.indexOf(nameColumnName);
        nationalCategoryColumn = practiceLevel ? header.indexOf("NATIONAL_CATEGORY") : -1;
        supplierColumn = practiceLevel ? header.indexOf(AppointmentsFile.SUPPLIER) : -1;
        countColumn = header.indexOf(AppointmentsFile.COUNT);
        for (int i = 0; i < categories.length; i++) {
            categoryColumns[i] = header.indexOf(categories[i].category().column());
        }
    }

    AppointmentsFile read(CsvFile csv) {
        int rows = 0;
        for (CsvRecord record : csv) {
            rows++;
            row(record);
        }
        if (rows == 0) {
            problems.add(2, "file", "The file has a header but no rows: add the rows as published");
        }
        problems.refuseIfAny();
        SortedSet<YearMonth> months = new TreeSet<>(monthNumbers.keySet());
        return new AppointmentsFile(
                shape,
                rows,
                Collections.unmodifiableSortedSet(months),
                Collections.unmodifiableMap(areas),
                Collections.unmodifiableMap(practices),
                Collections.unmodifiableMap(areaNames));
    }

    private void row(CsvRecord record) {
        int line = record.line();
        boolean good = true;
        YearMonth month = month(line, record.get(monthColumn).strip());
        good &= month != null;
        String place = record.get(placeColumn).strip().toUpperCase(Locale.ROOT);
        if (!(shape == Shape.PRACTICE ? PRACTICE_CODE : AREA_CODE)
                .matcher(place)
                .matches()) {
            problems.add(
                    line,
                    placeColumnName,
                    shape == Shape.PRACTICE
                            ? "Enter the practice's ODS code, for example A81001"
                            : "Enter the sub-ICB location code, for example 52R");
            good = false;
        }
        String subIcb =
                shape == Shape.PRACTICE ? record.get(subIcbColumn).strip().toUpperCase(Locale.ROOT) : place;
        if (shape == Shape.PRACTICE && !AREA_CODE.matcher(subIcb).matches()) {
            problems.add(line, "SUB_ICB_LOCATION_CODE", "Enter the sub-ICB location code, for example 52R");
            good = false;
        }
        if (nameColumn >= 0 && good) {
            name(line, subIcb, record.get(nameColumn).strip(), month);
        }
        for (int i = 0; i < categories.length; i++) {
            String text = record.get(categoryColumns[i]);
            codes[i] = categories[i].code(text);
            if (codes[i] < 0) {
                problems.add(
                        line,
                        categories[i].category().column(),
                        categories[i].category().problem(text.strip()));
                good = false;
            }
        }
        int nationalCategory = 0;
        if (nationalCategoryColumn >= 0) {
            nationalCategory = number(
                    nationalCategoryNumbers,
                    record.get(nationalCategoryColumn).strip(),
                    NATIONAL_CATEGORY_BITS,
                    "national categories");
        }
        // A practice that changes clinical system within a month has a row under each for the same categories:
        // the two halves of its month, added up below. The same system twice is the same row twice.
        int supplier = 0;
        if (supplierColumn >= 0) {
            supplier = number(
                    supplierNumbers,
                    record.get(supplierColumn).strip().toUpperCase(Locale.ROOT),
                    SUPPLIER_BITS,
                    "clinical systems (" + AppointmentsFile.SUPPLIER + ")");
        }
        long count = count(record.get(countColumn));
        if (count < 0) {
            problems.add(
                    line,
                    AppointmentsFile.COUNT,
                    "\"" + record.get(countColumn).strip()
                            + "\" is not a number of appointments: use digits only (at most 9), for example 1042");
            good = false;
        }
        if (!good) {
            return;
        }
        long key = ((long) supplier << (MONTH_BITS + PLACE_BITS + NATIONAL_CATEGORY_BITS + 10))
                | ((long) monthNumbers.get(month) << (PLACE_BITS + NATIONAL_CATEGORY_BITS + 10))
                | ((long) number(placeNumbers, place, PLACE_BITS, "practices or areas")
                        << (NATIONAL_CATEGORY_BITS + 10))
                | ((long) nationalCategory << 10)
                | ((long) codes[0] << 8)
                | ((long) codes[1] << 6)
                | ((long) codes[2] << 3)
                | codes[3];
        int first = seen.putIfAbsent(key, line);
        if (first != 0) {
            problems.add(
                    line,
                    "row",
                    "This row repeats line " + first + ": the same month, "
                            + (shape == Shape.PRACTICE
                                    ? "practice, clinical system (" + AppointmentsFile.SUPPLIER + ")"
                                    : "sub-ICB location")
                            + " and categories are counted once only; remove one of them");
            return;
        }
        if (shape == Shape.SUB_ICB) {
            areas.computeIfAbsent(new AreaMonth(month, place), unused -> new Figures())
                    .add(codes[0], codes[1], codes[2], codes[3], count);
        } else {
            PracticeFigures figures = practices.computeIfAbsent(
                    new PracticeMonth(month, place), unused -> new PracticeFigures(subIcb, line, new Figures()));
            if (!figures.subIcbCode().equals(subIcb)) {
                problems.add(
                        line,
                        "SUB_ICB_LOCATION_CODE",
                        place + " is in sub-ICB location " + figures.subIcbCode() + " on line " + figures.line()
                                + ": a practice is in one sub-ICB location a month");
                return;
            }
            figures.figures().add(codes[0], codes[1], codes[2], codes[3], count);
        }
    }

    private YearMonth month(int line, String text) {
        YearMonth known = monthTexts.get(text);
        if (known != null) {
            return known;
        }
        YearMonth month = parseMonth(text);
        if (month == null) {
            problems.add(
                    line,
                    monthColumnName,
                    "\"" + text + "\" is not a month: write it as "
                            + (shape == Shape.PRACTICE ? "01OCT2024 (the first day of the month)" : "MAR2019"));
            return null;
        }
        if (month.isAfter(latestMonth)) {
            problems.add(
                    line,
                    monthColumnName,
                    text + " is after this month: a file counts appointments that have happened; check the " + "month");
            return null;
        }
        number(monthNumbers, month, MONTH_BITS, "months");
        monthTexts.put(text, month);
        return month;
    }

    private YearMonth parseMonth(String text) {
        try {
            if (shape == Shape.SUB_ICB) {
                return YearMonth.from(MONTH_FORMAT.parse(text));
            }
            LocalDate day = LocalDate.parse(text, MONTH_START_FORMAT);
            return day.getDayOfMonth() == 1 ? YearMonth.from(day) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void name(int line, String code, String name, YearMonth month) {
        if (name.length() > MAX_NAME) {
            problems.add(
                    line, nameColumnName, "The name is " + name.length() + " characters long; the most is " + MAX_NAME);
        } else if (!name.isEmpty()) {
            AreaNames.Named kept = areaNames.get(code);
            if (kept == null || !kept.month().isAfter(month)) {
                areaNames.put(code, new AreaNames.Named(name, month));
            }
        }
    }

    /** The number given to this value, the next one if it is new. */
    private <T> int number(Map<T, Integer> numbers, T value, int bits, String what) {
        Integer known = numbers.get(value);
        if (known != null) {
            return known;
        }
        if (numbers.size() >= 1 << bits) {
            throw ImportRejected.of(
                    fileName,
                    1,
                    "file",
                    "The file has more than " + (1 << bits) + " " + what + ": split it into smaller files");
        }
        numbers.put(value, numbers.size());
        return numbers.size() - 1;
    }

    /**
     * A count of appointments, or -1 if the text is not a whole number of at most 9 digits: a billion in one row is
     * more than England has in a month, and the sums of the most rows a file can hold then stay within a bigint.
     */
    static long count(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        if (start == end || end - start > 9) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
