package org.gpaction.events.registration;

public enum RegistrationStatus {
    /** Asked for a place; holds none until the email address is confirmed. */
    PENDING("Not yet confirmed"),
    CONFIRMED("Place confirmed"),
    WAITING("On the waiting list"),
    CANCELLED("Cancelled");

    private final String label;

    RegistrationStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
