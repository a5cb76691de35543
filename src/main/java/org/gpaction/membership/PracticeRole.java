package org.gpaction.membership;

import java.util.Locale;

/** What a member does at a practice. */
public enum PracticeRole {
    CONTRACTOR_PARTNER("GP contractor or partner"),
    SALARIED("Salaried GP"),
    LOCUM("Locum GP"),
    REGISTRAR("GP registrar"),
    OTHER("Other role");

    private final String label;

    PracticeRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isGp() {
        return this != OTHER;
    }

    /** A locum may work without a practice of their own. */
    public boolean needsPractice() {
        return this != LOCUM;
    }

    public String lowerLabel() {
        return label.toLowerCase(Locale.UK).replace("gp", "GP");
    }
}
