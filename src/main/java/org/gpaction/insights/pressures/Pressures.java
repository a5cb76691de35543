package org.gpaction.insights.pressures;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * a month), England of its sub-ICB locations of today only; a practice reads its own, and so does an LMC's practice for
 * its rows under a sub-ICB location no LMC counts whole, wherever it is today (see SharedLocations): where any location
 * is shared, every LMC reads its practices' rows. Which locations are shared, and England's workforce that every area's
 * page sets beside its own, are worked out once for each version of the data, as the figures are, not again for each
 * page.
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

    private final JdbcClient jdbc;
    private final PlaceMonths places;
    private final SharedLocations sharedLocations;
    private final Areas areas;
    private final WorkingDays workingDays;
    private final ListSizes listSizes;
    private final Practices practices;

    Pressures(JdbcClient jdbc, Areas areas, WorkingDays workingDays, ListSizes listSizes, Practices practices) {
        this.practices = practices;
        this.jdbc = jdbc;
        this.places = new PlaceMonths(jdbc);
        this.sharedLocations = new SharedLocations(places, areas);
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

    /** The sub-ICB locations no LMC counts whole, worked out from one version of the data they come from. */
    private record SharedAt(String version, Set<String> codes) {}

    /**
     * Kept as the figures are: worked out from every LMC and location of the directory, they are the same for every
     * LMC's page until an import changes what they come from.
     */
    private volatile SharedAt keptShared;

    /** England's workforce, worked out from one version of the data it comes from. */
    private record EnglandAt(String version, List<WorkforceMonth> months) {}

    /** Kept as the shared locations are: every area's page sets England's patients per GP beside its own. */
    private volatile EnglandAt keptEngland;

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
        AreaPressures pressures = workOut(area, version);
        kept.put(key, new Cached(version, pressures));
        return pressures;
    }

    private Set<String> shared(String version) {
        SharedAt known = keptShared;
        if (known == null || !known.version().equals(version)) {
            known = new SharedAt(version, Collections.unmodifiableSet(sharedLocations.all()));
            keptShared = known;
        }
        return known.codes();
    }

    private List<WorkforceMonth> englandWorkforce(String version) {
        EnglandAt known = keptEngland;
        if (known == null || !known.version().equals(version)) {
            known = new EnglandAt(
                    version,
                    places.englandWorkforce(areas.england().subIcbCodes().toArray(String[]::new)));
            keptEngland = known;
        }
        return known.months();
    }

    /** The months given, each with England's patients per GP that month beside it. */
    private List<WorkforceMonth> besideEngland(List<WorkforceMonth> months, String version) {
        if (months.isEmpty()) {
            return months;
        }
        Map<YearMonth, BigDecimal> england = new HashMap<>();
        englandWorkforce(version).forEach(month -> england.put(month.month(), month.patientsPerGp()));
        return months.stream()
                .map(month -> month.withEnglandPatientsPerGp(england.get(month.month())))
                .toList();
    }

    private String version() {
        return jdbc.sql("select coalesce(max(id), 0) from insights.import_run")
                        .query(String.class)
                        .single() + "/" + practices.version() + "/" + workingDays.version();
    }

    private AreaPressures workOut(Area area, String version) {
        boolean practice = area.kind() == AreaKind.PRACTICE;
        boolean england = area.kind() == AreaKind.ENGLAND;
        Set<String> shared = area.kind() == AreaKind.LMC ? shared(version) : Set.of();
        List<WorkforceMonth> workforce;
        List<MonthFigures> appointments;
        if (shared.isEmpty()) {
            String[] codes = (practice ? area.odsCodes() : area.subIcbCodes()).toArray(String[]::new);
            workforce = england ? englandWorkforce(version) : besideEngland(places.workforce(practice, codes), version);
            appointments = places.appointments(
                    practice,
                    england,
                    codes,
                    practice ? null : area.subIcbCodes().size());
        } else {
            workforce = besideEngland(sharedLocations.workforce(area, shared), version);
            appointments = sharedLocations.appointments(area, shared);
        }
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
}
