package org.gpaction.capacity.evidence;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One week's figures of an area, from Monday.
 *
 * @param unmet as {@link Demand.DayCounts#unmet} counts it
 */
public record DemandWeek(
        LocalDate weekOf, int practices, int requests, int diverted, int waitlisted, int unmet, int fullBefore10) {

    private static final Demand.WeekPractices NO_PRACTICES = new Demand.WeekPractices(0, 0);

    /**
     * The days' figures by week, with how many different practices recorded and were full before 10:00 that week: one
     * practice full every day is one practice, not five.
     */
    static List<DemandWeek> weeks(List<Demand.DayCounts> days, Map<LocalDate, Demand.WeekPractices> practices) {
        Map<LocalDate, List<Demand.DayCounts>> byWeek = new LinkedHashMap<>();
        days.forEach(d -> byWeek.computeIfAbsent(
                        d.day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), w -> new ArrayList<>())
                .add(d));
        return byWeek.entrySet().stream()
                .map(e -> week(e.getKey(), e.getValue(), practices.getOrDefault(e.getKey(), NO_PRACTICES)))
                .toList();
    }

    private static DemandWeek week(LocalDate weekOf, List<Demand.DayCounts> days, Demand.WeekPractices practices) {
        DemandTotals totals = DemandTotals.of(days, 0);
        return new DemandWeek(
                weekOf,
                practices.recording(),
                totals.requests(),
                totals.diverted(),
                totals.waitlisted(),
                totals.unmet(),
                practices.fullBefore10());
    }

    public String unmetShare() {
        return DemandTotals.share(unmet, requests);
    }
}
