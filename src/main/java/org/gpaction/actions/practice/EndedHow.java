package org.gpaction.actions.practice;

/** How an action came to an end: stopped by the practice, or de-escalated after negotiation. */
public enum EndedHow {
    STOPPED("Stopped"),
    DE_ESCALATED("De-escalated");

    private final String label;

    EndedHow(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
