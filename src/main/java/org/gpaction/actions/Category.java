package org.gpaction.actions;

public enum Category {
    CAPACITY(
            "Capacity",
            "We are changing how our doctors and nurses work, so that everyone they see gets the time and care they"
                    + " need."),
    REFERRALS(
            "Referrals",
            "When you need a test, a specialist or a hospital, we refer you straight away, without extra local forms"
                    + " that hold you up."),
    DATA_SHARING(
            "Data sharing",
            "We are keeping your health records for your care: we are not sharing them for other purposes, or"
                    + " joining new schemes that would."),
    DIGITAL(
            "Digital",
            "We are not signing up to new phone and online systems until we are sure they work safely for our"
                    + " patients."),
    CONTRACTS(
            "Contracts",
            "We are stopping extra work the NHS does not fund properly, and waiting before signing new agreements, so"
                    + " that our time goes to our patients.");

    private final String label;
    private final String forPatients;

    Category(String label, String forPatients) {
        this.label = label;
        this.forPatients = forPatients;
    }

    /** What actions of this kind mean for a patient, in words a notice in the waiting room can use. */
    public String forPatients() {
        return forPatients;
    }

    public String label() {
        return label;
    }
}
