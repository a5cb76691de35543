package org.gpaction.insights.areas;

import java.util.List;

/**
 * England, an ICB, a sub-ICB location, an LMC or a practice, with the sub-ICB locations and English practices it
 * takes in (as the practices directory places them today).
 *
 * @param odsCodes every practice whose figures belong here, closed ones included for their closures, past list sizes
 *     and payments
 * @param parents the areas above it, England first, for the page's breadcrumbs
 * @param closedOdsCodes those of {@code odsCodes} that have closed (ODS status closed): no practice of the area today
 * @param dormantOdsCodes those of {@code odsCodes} that are dormant or proposed (ODS status D or P): not open today
 *     either, though not closed
 */
public record Area(
        AreaKind kind,
        String code,
        String name,
        List<String> subIcbCodes,
        List<String> odsCodes,
        List<Area> parents,
        List<String> closedOdsCodes,
        List<String> dormantOdsCodes) {

    public Area {
        subIcbCodes = List.copyOf(subIcbCodes);
        odsCodes = List.copyOf(odsCodes);
        parents = List.copyOf(parents);
        closedOdsCodes = List.copyOf(closedOdsCodes);
        dormantOdsCodes = List.copyOf(dormantOdsCodes);
    }

    /** The practices of the area today: those open (ODS status active), neither closed nor dormant or proposed. */
    public List<String> openOdsCodes() {
        java.util.Set<String> notOpen = new java.util.HashSet<>(closedOdsCodes);
        notOpen.addAll(dormantOdsCodes);
        return odsCodes.stream().filter(code -> !notOpen.contains(code)).toList();
    }

    /** How many practices the area has open today. */
    public int practicesToday() {
        return openOdsCodes().size();
    }

    /** The path of its page under {@code /pressures}: {@code /pressures/icb/QHM}. */
    public String path() {
        return kind == AreaKind.ENGLAND
                ? "/pressures"
                : "/pressures/" + kind.segment() + "/"
                        + java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8)
                                .replace("+", "%20");
    }

    public boolean isPractice() {
        return kind == AreaKind.PRACTICE;
    }
}
