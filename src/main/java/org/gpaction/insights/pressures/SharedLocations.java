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
 * The figures of an LMC where sub-ICB locations are shared: a location with no LMC of its own is in the LMCs of its
 * practices' ICBs, and where those differ, its practices are in more than one LMC (or some in none). Added up whole,
 * such a location was counted in each of its LMCs with every practice of it; here the locations wholly the LMC's are
 * added up from their rows as any area's are, and of every shared one only the rows its files put under it of the
 * LMC's own practices, so that each practice counts once, in its own LMC. A practice that moved between locations has
 * its rows under each in turn: taken by its code whatever location they were under, its months before it came to the
 * shared location counted again beside the location it was then in. Its rows under a shared location its LMC has no
 * open practice in today count in its LMC too: taken only from the locations the LMC's practices are in today, they
 * counted in no LMC. A shared location counts as one of the LMC's places, if it is one of its locations today, in a
 * month the LMC's practices have practice-level appointments under it; a month of it from the sub-ICB file cannot be
 * divided, and is left out.
 */
class SharedLocations {

    private final PlaceMonths places;
    private final Areas areas;

    SharedLocations(PlaceMonths places, Areas areas) {
        this.places = places;
        this.areas = areas;
    }

    /**
     * The sub-ICB locations no LMC counts whole: those whose open practices are not all of one LMC, shared between
     * LMCs or with practices of none.
     */
    Set<String> all() {
        Set<String> whole = new HashSet<>();
        for (Area lmc : areas.all(AreaKind.LMC)) {
            Set<String> own = new HashSet<>(lmc.odsCodes());
            for (String code : lmc.subIcbCodes()) {
                areas.find(AreaKind.SUB_ICB, code)
                        .filter(location -> own.containsAll(location.openOdsCodes()))
                        .ifPresent(location -> whole.add(code));
            }
        }
        Set<String> shared = new TreeSet<>();
        for (Area location : areas.all(AreaKind.SUB_ICB)) {
            if (!whole.contains(location.code())) {
                shared.add(location.code());
            }
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
        String[] own = ownShared(lmc, shared);
        for (MonthFigures month : places.appointmentsUnder(codes(shared), own, codes(lmc.odsCodes()), own.length)) {
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

    /** The LMC's own locations among those shared: the only ones of them counted as its places. */
    private static String[] ownShared(Area lmc, Set<String> shared) {
        return lmc.subIcbCodes().stream().filter(shared::contains).toArray(String[]::new);
    }

    private static String[] codes(Collection<String> codes) {
        return codes.toArray(String[]::new);
    }

    static BigDecimal sum(BigDecimal one, BigDecimal other) {
        return one == null ? other : other == null ? one : one.add(other);
    }
}
