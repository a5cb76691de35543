package org.gpaction.insights.funding;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.FileKind;
import org.gpaction.insights.imports.FileProblems;
import org.gpaction.practices.ContractType;

/**
 * One financial year of "NHS Payments to General Practice": a header row (UTF-8, often with a byte order mark) and
 * one row per practice. Columns are found by name, and each figure may go by more than one name across years
 * ({@code Practice Type} / {@code Practice type}; {@code CCG Code} in 2022/23 holds the sub-ICB location code while
 * its {@code CCG NAME} holds the PCN's name, so the sub-ICB's name comes from {@code Sub ICB NAME} when there is one).
 */
record PaymentsFile(List<Payment> payments, int rowsRead) {

    private static final Pattern ODS_CODE = Pattern.compile("[A-Z][0-9A-Z][0-9]{3}[0-9A-Z]?");
    private static final Pattern AMOUNT = Pattern.compile("-?0*([0-9]+?)(?:\\.(?=[0-9])([0-9]*?)0*)?");
    /** The payment columns are numeric(14, 2): pounds and pence up to 999,999,999,999.99. */
    private static final int AMOUNT_DIGITS = 12;

    private static final int AMOUNT_DECIMALS = 2;
    /** Patients, kept as the file gives them: no practice has a billion, nor a figure to more than 12 places. */
    private static final int PATIENT_DIGITS = 9;

    private static final int PATIENT_DECIMALS = 12;

    /** A figure and the names its column has had, upper case as {@link CsvFile#columnName} makes them. */
    enum Column {
        PRACTICE_CODE(true, "PRACTICE CODE"),
        PRACTICE_NAME(true, "PRACTICE NAME"),
        SUB_ICB_CODE(false, "CCG CODE", "SUB ICB CODE", "SUB ICB LOCATION CODE"),
        SUB_ICB_NAME(false, "SUB ICB NAME", "SUB ICB LOCATION NAME", "CCG NAME"),
        CONTRACT_TYPE(true, "CONTRACT TYPE"),
        DISPENSING(false, "DISPENSING PRACTICE"),
        RURALITY(false, "PRACTICE RURALITY"),
        REGISTERED(true, "NUMBER OF REGISTERED PATIENTS (LAST KNOWN FIGURE)", "NUMBER OF REGISTERED PATIENTS"),
        WEIGHTED(true, "NUMBER OF WEIGHTED PATIENTS (LAST KNOWN FIGURE)", "NUMBER OF WEIGHTED PATIENTS"),
        GLOBAL_SUM(true, "GLOBAL SUM"),
        MPIG(false, "MPIG CORRECTION FACTOR"),
        PMS_BALANCE(false, "BALANCE OF PMS EXPENDITURE"),
        QOF(false, "TOTAL QOF PAYMENTS"),
        TOTAL(true, "TOTAL NHS PAYMENTS TO GENERAL PRACTICE");

        private final boolean required;
        private final List<String> names;

        Column(boolean required, String... names) {
            this.required = required;
            this.names = List.of(names);
        }

        Optional<String> in(List<String> header) {
            return names.stream().filter(header::contains).findFirst();
        }
    }

    record Payment(
            int line,
            String odsCode,
            String practiceName,
            String subIcbCode,
            String subIcbName,
            ContractType contractType,
            Boolean dispensing,
            String rurality,
            BigDecimal registeredPatients,
            BigDecimal weightedPatients,
            BigDecimal globalSum,
            BigDecimal mpig,
            BigDecimal pmsBalance,
            BigDecimal qof,
            BigDecimal totalPayments) {}

    static PaymentsFile read(String fileName, InputStream content, long maxBytes) {
        CsvFile csv = CsvFile.withAnyHeader(fileName, content, maxBytes);
        List<String> header = csv.header();
        FileKind.requireColumns(fileName, header, List.of("PRACTICE CODE", "GLOBAL SUM"), FileKind.PAYMENTS);
        Map<Column, String> names = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (Column column : Column.values()) {
            Optional<String> name = column.in(header);
            name.ifPresent(found -> names.put(column, found));
            if (name.isEmpty() && column.required) {
                missing.add(column.names.get(0));
            }
        }
        FileProblems problems = new FileProblems(fileName);
        if (!missing.isEmpty()) {
            problems.add(
                    1,
                    "header",
                    "The header row has no column " + String.join(", ", missing)
                            + ": a payments file names each of these");
            problems.refuseIfAny();
        }
        Row row = new Row(names, problems);
        List<Payment> payments = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        int rowsRead = 0;
        for (CsvRecord record : csv) {
            rowsRead++;
            problems.refuseIfMoreThanPracticeRows(rowsRead, record.line());
            Payment payment = row.read(record);
            if (payment.odsCode() != null) {
                Integer first = firstLines.putIfAbsent(payment.odsCode(), record.line());
                if (first != null) {
                    problems.add(
                            record.line(),
                            names.get(Column.PRACTICE_CODE),
                            payment.odsCode() + " is already on line " + first + ": a practice appears once a year");
                }
            }
            if (!problems.any()) {
                // A file with a problem is refused whole: its rows are not kept, only its problems.
                payments.add(payment);
            }
        }
        if (rowsRead == 0) {
            problems.add(1, "file", "The file has a header but no rows: it should have one row per practice");
        }
        problems.refuseIfAny();
        return new PaymentsFile(List.copyOf(payments), rowsRead);
    }

    /** Reads the fields of one row, noting what is wrong with them. */
    private record Row(Map<Column, String> names, FileProblems problems) {

        Payment read(CsvRecord record) {
            String code = text(record, Column.PRACTICE_CODE).toUpperCase(Locale.ROOT);
            if (!ODS_CODE.matcher(code).matches()) {
                problems.add(
                        record.line(),
                        names.get(Column.PRACTICE_CODE),
                        "\"" + code + "\" is not a practice's ODS code (such as A81001)");
                code = null;
            }
            return new Payment(
                    record.line(),
                    code,
                    text(record, Column.PRACTICE_NAME),
                    blankToNull(text(record, Column.SUB_ICB_CODE).toUpperCase(Locale.ROOT)),
                    blankToNull(text(record, Column.SUB_ICB_NAME)),
                    contractType(record),
                    dispensing(record),
                    blankToNull(text(record, Column.RURALITY)),
                    amount(record, Column.REGISTERED, false),
                    amount(record, Column.WEIGHTED, false),
                    amount(record, Column.GLOBAL_SUM, true),
                    amount(record, Column.MPIG, true),
                    amount(record, Column.PMS_BALANCE, true),
                    amount(record, Column.QOF, true),
                    amount(record, Column.TOTAL, true));
        }

        private String text(CsvRecord record, Column column) {
            String name = names.get(column);
            return name == null ? "" : record.get(name);
        }

        private ContractType contractType(CsvRecord record) {
            String value = text(record, Column.CONTRACT_TYPE).toUpperCase(Locale.ROOT);
            switch (value) {
                case "GMS":
                    return ContractType.GMS;
                case "PMS":
                    return ContractType.PMS;
                case "APMS":
                    return ContractType.APMS;
                case "UNKNOWN":
                case "":
                    return null;
                default:
                    problems.add(
                            record.line(),
                            names.get(Column.CONTRACT_TYPE),
                            "\"" + value + "\" is not a contract type: the file uses GMS, PMS, APMS or Unknown");
                    return null;
            }
        }

        private Boolean dispensing(CsvRecord record) {
            String value = text(record, Column.DISPENSING).toUpperCase(Locale.ROOT);
            return switch (value) {
                case "YES" -> Boolean.TRUE;
                case "NO" -> Boolean.FALSE;
                default -> null;
            };
        }

        /** A figure as the file writes it; a blank payment line is nothing paid. */
        private BigDecimal amount(CsvRecord record, Column column, boolean mayBeNegative) {
            String given = text(record, column);
            String value = given.replace("£", "").replace(",", "").strip();
            if (value.isEmpty()) {
                return BigDecimal.ZERO;
            }
            Matcher figure = AMOUNT.matcher(value);
            if (!figure.matches() || (!mayBeNegative && value.startsWith("-"))) {
                problems.add(
                        record.line(),
                        names.get(column),
                        "\"" + given + "\" is not " + (mayBeNegative ? "an amount" : "a number of patients")
                                + ": use digits and a decimal point, for example 4029.25");
                return BigDecimal.ZERO;
            }
            int digits = mayBeNegative ? AMOUNT_DIGITS : PATIENT_DIGITS;
            int decimals = mayBeNegative ? AMOUNT_DECIMALS : PATIENT_DECIMALS;
            String pence = figure.group(2) == null ? "" : figure.group(2);
            if (figure.group(1).length() > digits) {
                problems.add(
                        record.line(),
                        names.get(column),
                        "\"" + given + "\" is too large for " + (mayBeNegative ? "an amount" : "a number of patients")
                                + ": it has at most " + digits + " digits before the decimal point");
                return BigDecimal.ZERO;
            }
            if (pence.length() > decimals) {
                problems.add(
                        record.line(),
                        names.get(column),
                        "\"" + given + "\" has more than " + decimals + " decimal places"
                                + (mayBeNegative ? ": give the amount in pounds and pence, for example 4029.25" : ""));
                return BigDecimal.ZERO;
            }
            return new BigDecimal(value);
        }

        private static String blankToNull(String value) {
            return value.isBlank() ? null : value;
        }
    }
}
