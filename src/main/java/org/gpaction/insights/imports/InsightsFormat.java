package org.gpaction.insights.imports;

import org.gpaction.common.imports.FormatChoice;

/** The NHS publications the pressures and funding figures are built from; the parameter is the API's format. */
public enum InsightsFormat implements FormatChoice {
    PAYMENTS("payments", "NHS Payments to General Practice (one financial year)"),
    APPOINTMENTS("appointments", "Appointments in General Practice (sub-ICB or practice level, monthly)"),
    WORKFORCE("workforce", "General Practice Workforce, practice level (monthly)");

    private final String parameter;
    private final String label;

    InsightsFormat(String parameter, String label) {
        this.parameter = parameter;
        this.label = label;
    }

    @Override
    public String parameter() {
        return parameter;
    }

    @Override
    public String label() {
        return label;
    }
}
