package org.gpaction.capacity.routing;

/** Why a request was sent elsewhere, in the words the patient and the evidence pack use. */
public enum DiversionReason {
    FULL("The practice has no more safe capacity today"),
    OUTSIDE_CORE_HOURS("The practice is closed at this time"),
    SUSPENDED("The practice has paused online requests"),
    NHS111_ALLOWANCE_USED("NHS 111 has booked all the same-day appointments it may book today"),
    SIGNPOSTED_BY_RECEPTION("Reception signposted the patient elsewhere");

    private final String description;

    DiversionReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
