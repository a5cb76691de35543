package org.gpaction.insights.pressures;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;

/**
 * The figures of an LMC with sub-ICB locations it shares: a location with no LMC of its own is in the LMCs of its
 * practices' ICBs, and where those differ, its practices are in more than one LMC (or some in none). Added up whole,
 * such a location was counted in each of its LMCs with every practice of it; here the locations wholly the LMC's are
 * added up from their rows as any area's are, and of a shared one only the LMC's own practices' rows, so that each
 * practice counts once, in its own LMC. A shared location counts as one of the LMC's places in a month its practices
 * there have practice-level appointments; a month of it from the sub-ICB file cannot be divided, and is left out.
 */
class SharedLocations {

    private final PlaceMonths places;
    private final Areas areas;

    SharedLocations(PlaceMonths places, Areas areas) {
        this.places = places;
        this.areas = areas;
    }

    /** The LMC's sub-ICB locations whose open practices are not all its own, each with the LMC's practices there. */
    Map<String, String[]> of(Area lmc) {
        Set<String> own = new HashSet<>(lmc.odsCodes());
        Map<String, String[]> shared = new TreeMap<>();
        for (String code : lmc.subIcbCodes()) {
            areas.find(AreaKind.SUB_ICB, code)
                    .filter(location -> !own.containsAll(location.openOdsCodes()))
                    .ifPresent(location -> shared.put(
                            code,
                            location.odsCodes().stream().filter(own::contains).toArray(String[]::new)));
        }
        return shared;
    }

    List<MonthFigures> appointments(Area lmc, Map<String, String[]> shared) {
        String[] whole = whole(lmc, shared);
        Map<YearMonth, MonthFigures> byMonth = new TreeMap<>();
        if (whole.length > 0) {
            for (MonthFigures month : places.appointments(false, false, whole, whole.length)) {
                byMonth.put(month.month(), month);
            }
        }
        for (String[] practices : shared.values()) {
            for (MonthFigures month : places.appointments(true, false, practices, null)) {
                byMonth.merge(month.month(), month.inPlaces(1, 1), MonthFigures::plus);
            }
        }
        int inArea = lmc.subIcbCodes().size();
        return byMonth.values().stream()
                .map(month -> month.inPlaces(month.places(), inArea))
                .toList();
    }

    List<WorkforceMonth> workforce(Area lmc, Map<String, String[]> shared) {
        Map<YearMonth, WorkforceMonth> byMonth = new TreeMap<>();
        String[] whole = whole(lmc, shared);
        if (whole.length > 0) {
            for (WorkforceMonth month : places.workforce(false, whole)) {
                byMonth.put(month.month(), month);
            }
        }
        List<String> practices = new ArrayList<>();
        shared.values().forEach(codes -> practices.addAll(List.of(codes)));
        for (WorkforceMonth month : places.workforce(true, practices.toArray(String[]::new))) {
            byMonth.merge(month.month(), month, WorkforceMonth::plus);
        }
        return List.copyOf(byMonth.values());
    }

    private static String[] whole(Area lmc, Map<String, String[]> shared) {
        return lmc.subIcbCodes().stream()
                .filter(code -> !shared.containsKey(code))
                .toArray(String[]::new);
    }

    static BigDecimal sum(BigDecimal one, BigDecimal other) {
        return one == null ? other : other == null ? one : one.add(other);
    }
}
