package org.gpaction.actions;

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
