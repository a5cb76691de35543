package org.gpaction.actions.practice;

/**
 * How an action came to an end: stopped by the practice, de-escalated after negotiation, or withdrawn before its first
 * day, so that it was never in force.
 */
public enum EndedHow {
    STOPPED("Stopped"),
    DE_ESCALATED("De-escalated"),
    WITHDRAWN("Withdrawn before it started");

    private final String label;

    EndedHow(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
