package org.gpaction.capacity.evidence;

import java.util.Locale;

/**
 * The share of demand not met, worked out here alone for every page, export, replay and alert state: the requests
 * signposted elsewhere in core hours or put on the waiting list, of the requests made in core hours. Requests turned
 * away as outside core hours count in neither part, as no capacity would have met them: counted in the whole only,
 * evening and weekend requests would make the share look smaller the more of them a practice gets.
 *
 * @param unmet as {@link Demand.DayCounts#unmet} counts it
 * @param inCoreHours the requests made in core hours, as {@link Demand.DayCounts#inCoreHours} counts them
 */
public record UnmetShare(int unmet, int inCoreHours) {

    /** From 0 to 1; 0 of no requests in core hours. */
    public double fraction() {
        return inCoreHours == 0 ? 0 : (double) unmet / inCoreHours;
    }

    /** As a percentage with one decimal place, 0.0 of no requests in core hours. */
    public String percent() {
        return String.format(Locale.UK, "%.1f", 100 * fraction());
    }
}
