package org.gpaction.accounts;

/** What a member of staff may do. Voters are not staff: they never sign in. */
public enum StaffRole {
    ADMIN("Administrator"),
    SCRUTINEER("Scrutineer"),
    LMC_OFFICER("LMC officer"),
    PRACTICE_MANAGER("Practice manager"),
    RECEPTIONIST("Receptionist");

    private final String label;

    StaffRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Practice staff act only for the practices their account names. */
    public boolean isTiedToPractices() {
        return this == PRACTICE_MANAGER || this == RECEPTIONIST;
    }

    public boolean isTiedToLmc() {
        return this == LMC_OFFICER;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
