package org.gpaction.insights.funding;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.insights.imports.InsightsFormat;
import org.gpaction.insights.imports.InsightsLoader;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.ContractTypesFromPayments;
import org.springframework.stereotype.Component;

/**
 * Imports one financial year of NHS Payments to General Practice: the year's rows replace any earlier import of
 * that year, and the practices directory takes each practice's contract type from the latest year imported.
 */
@Component
class PaymentsLoader implements InsightsLoader {

    private static final Pattern YEAR = Pattern.compile("([0-9]{4})-([0-9]{2})");

    private final Payments payments;
    private final ContractTypesFromPayments contractTypes;

    PaymentsLoader(Payments payments, ContractTypesFromPayments contractTypes) {
        this.payments = payments;
        this.contractTypes = contractTypes;
    }

    @Override
    public InsightsFormat format() {
        return InsightsFormat.PAYMENTS;
    }

    @Override
    public Loaded load(ImportRequest request, InputStream content) {
        String year = financialYear(request);
        PaymentsFile file = PaymentsFile.read(request.fileName(), content, request.maxBytes());
        int replaced = payments.replaceYear(year, file.payments());
        Map<String, ContractType> types = new LinkedHashMap<>();
        file.payments().stream()
                .filter(payment -> payment.contractType() != null)
                .forEach(payment -> types.put(payment.odsCode(), payment.contractType()));
        contractTypes.record(year, types);
        return new Loaded(year, file.rowsRead(), file.payments().size(), replaced);
    }

    /** The year the administrator named: the file does not say, and a year not begun yet has no payments. */
    private static String financialYear(ImportRequest request) {
        String given = request.year() == null ? "" : request.year().strip();
        Matcher matcher = YEAR.matcher(given);
        if (!matcher.matches()) {
            throw ImportRejected.of(
                    request.fileName(),
                    1,
                    "year",
                    given.isEmpty()
                            ? "Say which financial year the payments file is for, such as 2022-23: the file does not"
                            : "\"" + given + "\" is not a financial year: write it as 2022-23");
        }
        int start = Integer.parseInt(matcher.group(1));
        if ((start + 1) % 100 != Integer.parseInt(matcher.group(2))) {
            throw ImportRejected.of(
                    request.fileName(),
                    1,
                    "year",
                    "\"" + given + "\" is not a financial year: the second part is the year after the first, as in "
                            + start + "-" + String.format("%02d", (start + 1) % 100));
        }
        LocalDate today = LocalDate.ofInstant(request.now(), ZoneId.of("Europe/London"));
        if (LocalDate.of(start, 4, 1).isAfter(today)) {
            throw ImportRejected.of(
                    request.fileName(), 1, "year", "The financial year " + given + " has not begun: check the year");
        }
        return given;
    }
}
