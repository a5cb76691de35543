package org.gpaction.capacity.evidence;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One week's figures of an area, from Monday: only of the days asked for, so a week cut by the first or last day asked
 * for holds fewer than seven days, and says which.
 *
 * @param unmet as {@link Demand.DayCounts#unmet} counts it
 * @param inCoreHours the requests made in core hours, of which {@code unmet} is a share
 * @param from the first day of the week counted: its Monday unless the days asked for start later
 * @param to the last day of the week counted: its Sunday unless the days asked for end sooner
 */
public record DemandWeek(
        LocalDate weekOf,
        int practices,
        int requests,
        int diverted,
        int waitlisted,
        int unmet,
        int inCoreHours,
        int fullBefore10,
        LocalDate from,
        LocalDate to) {

    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMM", Locale.UK);

    private static final Demand.WeekPractices NO_PRACTICES = new Demand.WeekPractices(0, 0);

    /**
     * The days' figures by week, with how many different practices recorded and were full before 10:00 that week: one
     * practice full every day is one practice, not five.
     */
    static List<DemandWeek> weeks(
            List<Demand.DayCounts> days, Map<LocalDate, Demand.WeekPractices> practices, LocalDate from, LocalDate to) {
        Map<LocalDate, List<Demand.DayCounts>> byWeek = new LinkedHashMap<>();
        days.forEach(d -> byWeek.computeIfAbsent(
                        d.day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), w -> new ArrayList<>())
                .add(d));
        return byWeek.entrySet().stream()
                .map(e -> week(
                        e.getKey(),
                        e.getValue(),
                        practices.getOrDefault(e.getKey(), NO_PRACTICES),
                        max(e.getKey(), from),
                        min(e.getKey().plusDays(6), to)))
                .toList();
    }

    private static DemandWeek week(
            LocalDate weekOf,
            List<Demand.DayCounts> days,
            Demand.WeekPractices practices,
            LocalDate from,
            LocalDate to) {
        DemandTotals totals = DemandTotals.of(days, 0);
        return new DemandWeek(
                weekOf,
                practices.recording(),
                totals.requests(),
                totals.diverted(),
                totals.waitlisted(),
                totals.unmet(),
                totals.inCoreHours(),
                practices.fullBefore10(),
                from,
                to);
    }

    /** Whether all seven days of the week were asked for. */
    public boolean whole() {
        return from.equals(weekOf) && to.equals(weekOf.plusDays(6));
    }

    /** "2026-11-02", or for a week cut by the days asked for "2026-11-02 (4 to 8 Nov only)". */
    public String label() {
        if (whole()) {
            return weekOf.toString();
        }
        String first = from.getMonth() == to.getMonth() ? String.valueOf(from.getDayOfMonth()) : DAY_MONTH.format(from);
        String days = from.equals(to) ? DAY_MONTH.format(to) : first + " to " + DAY_MONTH.format(to);
        return weekOf + " (" + days + " only)";
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    public String unmetShare() {
        return new UnmetShare(unmet, inCoreHours).percent();
    }
}
