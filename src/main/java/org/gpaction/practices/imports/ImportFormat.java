package org.gpaction.practices.imports;

import org.gpaction.common.imports.FormatChoice;

/** The files the practice directory is built from. The parameter is what the API's {@code format} takes. */
public enum ImportFormat implements FormatChoice {
    EPRACCUR("epraccur", "GP practices (NHS ODS epraccur file)"),
    CONTRACTS("contracts", "Contract types"),
    LIST_SIZES("list-sizes", "List sizes (patients registered at GP practices)"),
    LMCS("lmcs", "LMC areas");

    private final String parameter;
    private final String label;

    ImportFormat(String parameter, String label) {
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
