package org.gpaction.insights.pressures;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;

/**
 * The figures of an LMC with sub-ICB locations it shares: a location with no LMC of its own is in the LMCs of its
 * practices' ICBs, and where those differ, its practices are in more than one LMC (or some in none). Added up whole,
 * such a location was counted in each of its LMCs with every practice of it; here the locations wholly the LMC's are
 * added up from their rows as any area's are, and of a shared one only the rows its files put under it of the LMC's own
 * practices, so that each practice counts once, in its own LMC. A practice that moved between locations has its rows
 * under each in turn: taken by its code whatever location they were under, its months before it came to the shared
 * location counted again beside the location it was then in, and those it spent there before it left counted in no LMC.
 * A shared location counts as one of the LMC's places in a month the LMC's practices have practice-level appointments
 * under it; a month of it from the sub-ICB file cannot be divided, and is left out.
 */
class SharedLocations {

    private final PlaceMonths places;
    private final Areas areas;

    SharedLocations(PlaceMonths places, Areas areas) {
        this.places = places;
        this.areas = areas;
    }

    /** The LMC's sub-ICB locations whose open practices are not all its own. */
    Set<String> of(Area lmc) {
        Set<String> own = new HashSet<>(lmc.odsCodes());
        Set<String> shared = new TreeSet<>();
        for (String code : lmc.subIcbCodes()) {
            areas.find(AreaKind.SUB_ICB, code)
                    .filter(location -> !own.containsAll(location.openOdsCodes()))
                    .ifPresent(location -> shared.add(code));
        }
        return shared;
    }

    List<MonthFigures> appointments(Area lmc, Set<String> shared) {
        String[] whole = whole(lmc, shared);
        Map<YearMonth, MonthFigures> byMonth = new TreeMap<>();
        if (whole.length > 0) {
            for (MonthFigures month : places.appointments(false, false, whole, whole.length)) {
                byMonth.put(month.month(), month);
            }
        }
        for (MonthFigures month : places.appointmentsUnder(codes(shared), codes(lmc.odsCodes()), shared.size())) {
            byMonth.merge(month.month(), month, MonthFigures::plus);
        }
        int inArea = lmc.subIcbCodes().size();
        return byMonth.values().stream()
                .map(month -> month.inPlaces(month.places(), inArea))
                .toList();
    }

    List<WorkforceMonth> workforce(Area lmc, Set<String> shared) {
        Map<YearMonth, WorkforceMonth> byMonth = new TreeMap<>();
        String[] whole = whole(lmc, shared);
        if (whole.length > 0) {
            for (WorkforceMonth month : places.workforce(false, whole)) {
                byMonth.put(month.month(), month);
            }
        }
        for (WorkforceMonth month : places.workforceUnder(codes(shared), codes(lmc.odsCodes()))) {
            byMonth.merge(month.month(), month, WorkforceMonth::plus);
        }
        return List.copyOf(byMonth.values());
    }

    private static String[] whole(Area lmc, Set<String> shared) {
        return lmc.subIcbCodes().stream().filter(code -> !shared.contains(code)).toArray(String[]::new);
    }

    private static String[] codes(Collection<String> codes) {
        return codes.toArray(String[]::new);
    }

    static BigDecimal sum(BigDecimal one, BigDecimal other) {
        return one == null ? other : other == null ? one : one.add(other);
    }
}
