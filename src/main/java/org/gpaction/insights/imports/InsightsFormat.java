package org.gpaction.insights.imports;

import java.util.Arrays;
import java.util.Optional;

/** The NHS publications the pressures and funding figures are built from; the parameter is the API's format. */
public enum InsightsFormat {
    PAYMENTS("payments", "NHS Payments to General Practice (one financial year)"),
    APPOINTMENTS("appointments", "Appointments in General Practice (sub-ICB or practice level, monthly)"),
    WORKFORCE("workforce", "General Practice Workforce, practice level (monthly)");

    private final String parameter;
    private final String label;

    InsightsFormat(String parameter, String label) {
        this.parameter = parameter;
        this.label = label;
    }

    public String parameter() {
        return parameter;
    }

    public String label() {
        return label;
    }

    public static Optional<InsightsFormat> fromParameter(String value) {
        return Arrays.stream(values())
                .filter(format -> format.parameter.equalsIgnoreCase(value == null ? "" : value.strip()))
                .findFirst();
    }
}
