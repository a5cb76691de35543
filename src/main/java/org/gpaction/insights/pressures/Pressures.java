package org.gpaction.insights.pressures;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.WorkingDays;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;
import org.gpaction.practices.ListSizeTotal;
import org.gpaction.practices.ListSizes;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The pressures on an area, month by month, from the appointments and workforce files, the registered patients
 * files and the ODS close dates. England and areas add up the per-sub-ICB rows written at import (a few hundred rows
 * a month); a practice reads its own.
 */
@Service
public class Pressures {

    /** Everything the page and the API show of an area. */
    public record AreaPressures(
            Area area,
            List<MonthFigures> appointments,
            List<WorkforceMonth> workforce,
            List<ListSizeTotal> registered,
            Map<Integer, Integer> closures) {

        public MonthFigures latestAppointments() {
            return appointments.isEmpty() ? null : appointments.get(appointments.size() - 1);
        }

        public WorkforceMonth latestWorkforce() {
            return workforce.isEmpty() ? null : workforce.get(workforce.size() - 1);
        }

        public ListSizeTotal latestRegistered() {
            return registered.isEmpty() ? null : registered.get(registered.size() - 1);
        }
    }

    /**
     * An area's appointments by month, with the GP appointments and GP full-time equivalents of only those places
     * (sub-ICB locations, or the practice) that have both an appointments and a workforce figure that month: each
     * place's appointments are set against its own GPs, never against GPs whose appointments were not imported.
     */
    private static final String AREA_APPOINTMENTS = """
            select a.month, sum(a.appointments) as appointments, sum(a.attended) as attended, sum(a.dna) as dna,
                   sum(a.gp) as gp, sum(a.face_to_face) as face_to_face, sum(a.same_day) as same_day,
                   sum(a.over_two_weeks) as over_two_weeks, sum(a.attended + a.dna) as status_known,
                   sum(a.gp + a.other_staff) as hcp_known, sum(a.appointments - a.mode_unknown) as mode_known,
                   sum(a.appointments - a.wait_unknown) as wait_known,
                   sum(a.gp) filter (where w.gp_fte is not null) as gp_with_workforce, sum(w.gp_fte) as gp_fte,
                   count(distinct a.%3$s) filter (where a.%3$s = any(:codes)) as places
            from insights.%1$s a
            left join insights.%2$s w on w.month = a.month and w.%3$s = a.%3$s
            where cast(:all as boolean) or a.%3$s = any(:codes)
            group by a.month
            order by a.month
            """;

    private static final String AREA_WORKFORCE = """
            select month, %s as practices, sum(total_patients) as patients, sum(gp_fte) as gp_fte,
                   sum(qualified_fte) as qualified_fte
            from insights.%s
            where cast(:all as boolean) or %s = any(:codes)
            group by month
            order by month
            """;

    private final JdbcClient jdbc;
    private final Areas areas;
    private final WorkingDays workingDays;
    private final ListSizes listSizes;
    private final Practices practices;

    Pressures(JdbcClient jdbc, Areas areas, WorkingDays workingDays, ListSizes listSizes, Practices practices) {
        this.practices = practices;
        this.jdbc = jdbc;
        this.areas = areas;
        this.workingDays = workingDays;
        this.listSizes = listSizes;
    }

    /** Figures worked out from one version of the data they come from. */
    private record Cached(String version, AreaPressures pressures) {}

    /** The most areas whose figures are kept: England, the ICBs, sub-ICB locations and LMCs with room to spare. */
    static final int KEPT = 512;

    private final Map<String, Cached> kept =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    return size() > KEPT;
                }
            });

    /**
     * An area's figures, worked out again only when an import (here or in the practices directory) or a bank holiday
     * has changed what they come from since they were last worked out.
     */
    public AreaPressures of(Area area) {
        String version = version();
        String key = area.kind() + ":" + area.code();
        Cached cached = kept.get(key);
        if (cached != null
                && cached.version().equals(version)
                && cached.pressures().area().equals(area)) {
            return cached.pressures();
        }
        AreaPressures pressures = workOut(area);
        kept.put(key, new Cached(version, pressures));
        return pressures;
    }

    private String version() {
        return jdbc.sql("select coalesce(max(id), 0) from insights.import_run")
                        .query(String.class)
                        .single() + "/" + practices.version() + "/" + workingDays.version();
    }

    private AreaPressures workOut(Area area) {
        boolean practice = area.kind() == AreaKind.PRACTICE;
        boolean england = area.kind() == AreaKind.ENGLAND;
        String[] codes = (practice ? area.odsCodes() : area.subIcbCodes()).toArray(String[]::new);
        List<WorkforceMonth> workforce = workforce(practice, england, codes);
        List<MonthFigures> appointments = jdbc.sql(String.format(
                        AREA_APPOINTMENTS,
                        practice ? "appointments_practice" : "appointments_area",
                        practice ? "workforce_practice" : "workforce_area",
                        practice ? "ods_code" : "sub_icb_code"))
                .param("all", england)
                .param("codes", codes)
                .query((rs, row) ->
                        month(rs, practice ? null : area.subIcbCodes().size()))
                .list();
        if (!appointments.isEmpty()) {
            Map<YearMonth, Integer> days = workingDays.between(
                    appointments.get(0).month(),
                    appointments.get(appointments.size() - 1).month());
            appointments = appointments.stream()
                    .map(month -> month.withWorkingDays(days.get(month.month())))
                    .toList();
        }
        List<ListSizeTotal> registered = england
                ? listSizes.totalsForEngland()
                : practice ? listSizes.forPractice(area.code()) : listSizes.totals(area.odsCodes());
        return new AreaPressures(area, appointments, workforce, registered, areas.closuresByYear(area));
    }

    private List<WorkforceMonth> workforce(boolean practice, boolean england, String[] codes) {
        Map<YearMonth, BigDecimal> englandPerGp = new HashMap<>();
        List<WorkforceMonth> englandMonths = workforceQuery(false, true, new String[0], Map.of());
        englandMonths.forEach(month -> englandPerGp.put(month.month(), month.patientsPerGp()));
        if (england) {
            return englandMonths.stream()
                    .map(month -> new WorkforceMonth(
                            month.month(),
                            month.practices(),
                            month.patients(),
                            month.gpFte(),
                            month.qualifiedFte(),
                            month.patientsPerGp()))
                    .toList();
        }
        return workforceQuery(practice, false, codes, englandPerGp);
    }

    private List<WorkforceMonth> workforceQuery(
            boolean practice, boolean england, String[] codes, Map<YearMonth, BigDecimal> englandPerGp) {
        return jdbc.sql(String.format(
                        AREA_WORKFORCE,
                        practice ? "count(*)" : "sum(practices)",
                        practice ? "workforce_practice" : "workforce_area",
                        practice ? "ods_code" : "sub_icb_code"))
                .param("all", england)
                .param("codes", codes)
                .query((rs, row) -> {
                    YearMonth month = YearMonth.from(rs.getDate("month").toLocalDate());
                    return new WorkforceMonth(
                            month,
                            rs.getInt("practices"),
                            rs.getLong("patients"),
                            rs.getBigDecimal("gp_fte"),
                            rs.getBigDecimal("qualified_fte"),
                            englandPerGp.get(month));
                })
                .list();
    }

    private MonthFigures month(ResultSet rs, Integer placesInArea) throws SQLException {
        LocalDate first = rs.getDate("month").toLocalDate();
        YearMonth month = YearMonth.from(first);
        return new MonthFigures(
                month,
                rs.getLong("appointments"),
                rs.getLong("attended"),
                rs.getLong("dna"),
                rs.getLong("gp"),
                rs.getLong("face_to_face"),
                rs.getLong("same_day"),
                rs.getLong("over_two_weeks"),
                rs.getLong("status_known"),
                rs.getLong("hcp_known"),
                rs.getLong("mode_known"),
                rs.getLong("wait_known"),
                null,
                rs.getLong("gp_with_workforce"),
                rs.getBigDecimal("gp_fte"),
                placesInArea == null ? null : rs.getInt("places"),
                placesInArea);
    }
}
