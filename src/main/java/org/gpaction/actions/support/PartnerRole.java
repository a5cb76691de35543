package org.gpaction.actions.support;

/** Partners in a practice who are not GPs. */
public enum PartnerRole {
    MANAGING_PARTNER("Managing partner or practice manager partner"),
    NURSE_PARTNER("Nurse partner"),
    PHARMACIST_PARTNER("Pharmacist partner"),
    OTHER_PARTNER("Another non-GP partner");

    private final String label;

    PartnerRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
