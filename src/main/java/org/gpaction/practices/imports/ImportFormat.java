package org.gpaction.practices.imports;

import java.util.Arrays;
import java.util.Optional;

/** The files the practice directory is built from. The parameter is what the API's {@code format} takes. */
public enum ImportFormat {
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

    public String parameter() {
        return parameter;
    }

    public String label() {
        return label;
    }

    static Optional<ImportFormat> fromParameter(String value) {
        return Arrays.stream(values())
                .filter(format -> format.parameter.equalsIgnoreCase(value == null ? "" : value.strip()))
                .findFirst();
    }
}
