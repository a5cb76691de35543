package org.gpaction.insights.workforce;

import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.FileKind;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.insights.imports.FileProblems;

/**
 * General Practice Workforce, practice level: one row per practice with its registered patients and full-time
 * equivalents. Fully qualified GPs ({@code TOTAL_GP_EXTGL_FTE}) exclude trainees and locums; nurses, direct patient
 * care and admin staff are in some releases only. The file does not name its month.
 */
record WorkforceFile(List<PracticeWorkforce> practices, Map<String, String> subIcbNames, Map<String, String> icbNames) {

    record PracticeWorkforce(
            String odsCode,
            String subIcbCode,
            String icbCode,
            int totalPatients,
            BigDecimal gpFte,
            BigDecimal qualifiedFte,
            BigDecimal nursesFte,
            BigDecimal dpcFte,
            BigDecimal adminFte) {}

    static final List<String> COLUMNS = List.of(
            "PRAC_CODE",
            "SUB_ICB_CODE",
            "SUB_ICB_NAME",
            "ICB_CODE",
            "ICB_NAME",
            "TOTAL_PATIENTS",
            "TOTAL_GP_FTE",
            "TOTAL_GP_EXTGL_FTE");

    private static final Pattern PRACTICE_CODE = Pattern.compile("[A-Z0-9]{3,10}");
    private static final Pattern AREA_CODE = Pattern.compile("[A-Z0-9]{2,10}");
    private static final Pattern PATIENTS = Pattern.compile("[0-9]{1,9}");
    /**
     * Full-time equivalents as NHS Digital writes them, from floating-point values: to as many decimals as it gives
     * (up to 15 significant digits, {@code 0.933333333333333}). A practice has below 10,000, so that a sub-ICB
     * location's sum of even the most practices a file holds fits workforce_area's numeric(11, 2).
     */
    private static final Pattern FTE = Pattern.compile("0*([0-9]{1,4})(?:\\.([0-9]+))?");
    /**
     * The exponent form statistics software and database exports write very small (or large) floating-point values
     * in, {@code 1E-3} or {@code 2.5e-005}: a double has at most 17 significant digits and a three-digit exponent, so
     * longer ones are no such value (and an exponent of millions would cost the server seconds of arithmetic).
     */
    private static final Pattern FTE_EXPONENT = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?[eE][-+]?[0-9]{1,3}");

    /** How NHS Digital writes a staff group it has no data for, exactly as published. */
    private static final Set<String> NOT_AVAILABLE = Set.of("NA", "ND");

    private static final BigDecimal MOST_FTE = BigDecimal.valueOf(10_000);

    private static final int MAX_NAME = 200;

    static WorkforceFile read(String fileName, InputStream content, long maxBytes) {
        CsvFile csv = CsvFile.withAnyHeader(fileName, content, maxBytes);
        List<String> header = csv.header();
        requireColumns(fileName, header);
        FileProblems problems = new FileProblems(fileName);
        List<PracticeWorkforce> practices = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        Map<String, String> subIcbNames = new LinkedHashMap<>();
        Map<String, String> icbNames = new LinkedHashMap<>();
        boolean nurses = header.contains("TOTAL_NURSES_FTE");
        boolean dpc = header.contains("TOTAL_DPC_FTE");
        boolean admin = header.contains("TOTAL_ADMIN_FTE");
        int rows = 0;
        for (CsvRecord record : csv) {
            rows++;
            int line = record.line();
            problems.refuseIfMoreThanPracticeRows(rows, line);
            String odsCode = record.get("PRAC_CODE").toUpperCase(Locale.ROOT);
            if (!PRACTICE_CODE.matcher(odsCode).matches()) {
                problems.add(line, "PRAC_CODE", "Enter the practice's ODS code, for example A81001");
            } else {
                Integer first = firstLines.putIfAbsent(odsCode, line);
                if (first != null) {
                    problems.add(
                            line,
                            "PRAC_CODE",
                            odsCode + " is already on line " + first + ": give one row per practice");
                }
            }
            String subIcbCode = area(problems, record, "SUB_ICB_CODE", "SUB_ICB_NAME", subIcbNames, true);
            String icbCode = area(problems, record, "ICB_CODE", "ICB_NAME", icbNames, false);
            String patients = record.get("TOTAL_PATIENTS");
            int totalPatients = 0;
            if (PATIENTS.matcher(patients).matches()) {
                totalPatients = Integer.parseInt(patients);
            } else {
                problems.add(
                        line,
                        "TOTAL_PATIENTS",
                        "\"" + patients + "\" is not a number of patients: use digits only, for example 5903");
            }
            PracticeWorkforce practice = new PracticeWorkforce(
                    odsCode,
                    subIcbCode,
                    icbCode,
                    totalPatients,
                    fte(problems, record, "TOTAL_GP_FTE", true),
                    fte(problems, record, "TOTAL_GP_EXTGL_FTE", true),
                    nurses ? fte(problems, record, "TOTAL_NURSES_FTE", false) : null,
                    dpc ? fte(problems, record, "TOTAL_DPC_FTE", false) : null,
                    admin ? fte(problems, record, "TOTAL_ADMIN_FTE", false) : null);
            if (!problems.any()) {
                // A file with a problem is refused whole: its rows are not kept, only its problems.
                practices.add(practice);
            }
        }
        if (rows == 0) {
            problems.add(2, "file", "The file has a header but no rows: add one row per practice");
        }
        problems.refuseIfAny();
        return new WorkforceFile(List.copyOf(practices), subIcbNames, icbNames);
    }

    private static void requireColumns(String fileName, List<String> header) {
        if (!header.contains("PRAC_CODE")) {
            FileKind.requireColumns(fileName, header, COLUMNS, FileKind.WORKFORCE);
        }
        List<String> missing =
                COLUMNS.stream().filter(column -> !header.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw ImportRejected.of(
                    fileName,
                    1,
                    "header",
                    "The header row has no column " + String.join(", ", missing)
                            + ", which the practice-level General Practice Workforce file has: check this is the "
                            + "whole file as published");
        }
    }

    private static String area(
            FileProblems problems,
            CsvRecord record,
            String codeColumn,
            String nameColumn,
            Map<String, String> names,
            boolean required) {
        String code = record.get(codeColumn).toUpperCase(Locale.ROOT);
        if (code.isEmpty() && !required) {
            return null;
        }
        if (!AREA_CODE.matcher(code).matches()) {
            problems.add(record.line(), codeColumn, "Enter the area's code, for example 52R or QT1");
            return code;
        }
        String name = record.get(nameColumn);
        if (name.length() > MAX_NAME) {
            problems.add(
                    record.line(), nameColumn, "The name is " + name.length() + " characters long; the most is 200");
        } else if (!name.isEmpty()) {
            names.put(code, name);
        }
        return code;
    }

    /**
     * Full-time equivalents, kept to two decimal places; a blank optional one is not known, and so is one the file
     * marks as having no data for the practice's staff group: 'NA' (from February 2023, for every kind of no data) or
     * 'ND' (before it, data that failed validation). Neither is 0: a practice with no GP data does not have no GPs.
     */
    private static BigDecimal fte(FileProblems problems, CsvRecord record, String column, boolean required) {
        String text = record.get(column);
        if ((text.isEmpty() && !required) || NOT_AVAILABLE.contains(text)) {
            return null;
        }
        BigDecimal value = fullTimeEquivalents(text);
        if (value == null) {
            problems.add(
                    record.line(),
                    column,
                    "\"" + text + "\" is not a number of full-time equivalents: use a number of 0 or more and less "
                            + "than 10000, for example 3.47");
            return BigDecimal.ZERO;
        }
        return value;
    }

    /** The text as full-time equivalents rounded half up to two places, or null if it is none below 10,000. */
    static BigDecimal fullTimeEquivalents(String text) {
        Matcher plain = FTE.matcher(text);
        if (plain.matches()) {
            // Rounding half up to two places turns on the third decimal alone, so the rest need not be read.
            String decimals = plain.group(2) == null ? "" : plain.group(2);
            return new BigDecimal(plain.group(1) + "." + decimals.substring(0, Math.min(3, decimals.length())) + "0")
                    .setScale(2, RoundingMode.HALF_UP);
        }
        if (FTE_EXPONENT.matcher(text).matches()) {
            BigDecimal value = new BigDecimal(text);
            return value.compareTo(MOST_FTE) < 0 ? value.setScale(2, RoundingMode.HALF_UP) : null;
        }
        return null;
    }
}
