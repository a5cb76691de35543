package org.gpaction.capacity.routing;

/** How a practice, or one clinician, stands at a moment: what the board shows at a glance. */
public enum CapacityStatus {
    OPEN("Open"),
    LAST_FEW("Last few"),
    FULL("Full"),
    CLOSED("Closed"),
    SUSPENDED("Front door paused");

    private final String label;

    CapacityStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Few enough left to warn reception: two, or a tenth of the day's capacity if that is more. */
    static boolean isLastFew(int room, int capacity) {
        return room <= Math.max(2, capacity / 10);
    }
}
