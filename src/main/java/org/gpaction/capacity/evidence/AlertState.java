package org.gpaction.capacity.evidence;

/**
 * The LMCs' weekly General Practice Alert State, like OPEL. GP Action suggests one from the week's own figures with
 * these rules; the practice confirms it or chooses another, because it knows what the figures do not.
 */
enum AlertState {
    GREEN("Green", "Demand met within safe capacity"),
    AMBER("Amber", "Full on some days, or at least 5% of requests in core hours not met on the day"),
    RED("Red", "Full before 10:00 on a day, or at least 15% of requests in core hours not met on the day"),
    BLACK(
            "Black",
            "Full before 10:00 on three or more days, or at least 30% of requests in core hours not met on the day");

    private final String label;
    private final String meaning;

    AlertState(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * @param unmetShare requests signposted elsewhere in core hours or waitlisted, as a share of the requests made in
     *     core hours (0 to 1), as {@link UnmetShare} works it out
     * @param daysFull days on which the practice was full: a booking left it no routine room, or it turned someone
     *     away for being full
     * @param daysFullBefore10 of those, days it was full before 10:00
     */
    static AlertState suggest(double unmetShare, int daysFull, int daysFullBefore10) {
        if (unmetShare >= 0.30 || daysFullBefore10 >= 3) {
            return BLACK;
        }
        if (unmetShare >= 0.15 || daysFullBefore10 >= 1) {
            return RED;
        }
        if (unmetShare >= 0.05 || daysFull >= 1) {
            return AMBER;
        }
        return GREEN;
    }
}
