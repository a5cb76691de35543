package org.gpaction.capacity.evidence;

import java.util.List;

/**
 * The days' figures added up, for the summary above a page's tables.
 *
 * @param unmet as {@link Demand.DayCounts#unmet} counts it
 * @param inCoreHours the requests made in core hours, of which {@code unmet} is a share
 * @param closedMinutes the practice's front door closed in core hours; 0 for an area, whose practices' set-ups differ
 * @param servedFromWaitingList patients booked from the waiting list, counted in none of the others
 */
public record DemandTotals(
        int requests,
        int booked,
        int diverted,
        int waitlisted,
        int unmet,
        int inCoreHours,
        int nhs111Booked,
        long closedMinutes,
        int servedFromWaitingList) {

    static DemandTotals of(List<Demand.DayCounts> days, long closedMinutes) {
        return new DemandTotals(
                days.stream().mapToInt(Demand.DayCounts::requests).sum(),
                days.stream().mapToInt(Demand.DayCounts::booked).sum(),
                days.stream().mapToInt(Demand.DayCounts::diverted).sum(),
                days.stream().mapToInt(Demand.DayCounts::waitlisted).sum(),
                days.stream().mapToInt(Demand.DayCounts::unmet).sum(),
                days.stream().mapToInt(Demand.DayCounts::inCoreHours).sum(),
                days.stream().mapToInt(Demand.DayCounts::nhs111Booked).sum(),
                closedMinutes,
                days.stream().mapToInt(Demand.DayCounts::servedFromWaitingList).sum());
    }

    public String unmetShare() {
        return new UnmetShare(unmet, inCoreHours).percent();
    }
}
