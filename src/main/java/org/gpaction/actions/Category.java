package org.gpaction.actions;

/**
 * The kinds of action on the menu. What an action means for a patient is the action's own ({@link
 * MenuAction#forPatients}), never its kind's: a practice may take any one action of a kind without the others.
 */
public enum Category {
    CAPACITY("Capacity"),
    REFERRALS("Referrals"),
    DATA_SHARING("Data sharing"),
    DIGITAL("Digital"),
    CONTRACTS("Contracts");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
