package org.gpaction.actions;

/**
 * The kinds of action on the menu, each with what an action of its kind means for a patient. A practice may take any
 * one action of a kind without the others, and the notice and the guidance print the sentence for whichever it has, so
 * each sentence holds for every action of its kind taken alone: none promises what only one of them does.
 */
public enum Category {
    CAPACITY(
            "Capacity",
            "We are changing how our doctors and nurses work, so that everyone they see gets the time and care they"
                    + " need."),
    REFERRALS(
            "Referrals",
            "When you need a test, a specialist or a hospital, we refer you on your clinical need alone, without extra"
                    + " steps that hold you up."),
    DATA_SHARING(
            "Data sharing",
            "We are looking after your health records: they are used for your care, in ways we can check."),
    DIGITAL("Digital", "We use phone, online and computer systems only where they put your care first."),
    CONTRACTS(
            "Contracts",
            "We are putting our time into the care our NHS contract covers, before any extra work or new schemes.");

    private final String label;
    private final String forPatients;

    Category(String label, String forPatients) {
        this.label = label;
        this.forPatients = forPatients;
    }

    /**
     * What an action of this kind means for a patient, in words a notice in the waiting room can use, true of each
     * action of the kind taken alone.
     */
    public String forPatients() {
        return forPatients;
    }

    public String label() {
        return label;
    }
}
