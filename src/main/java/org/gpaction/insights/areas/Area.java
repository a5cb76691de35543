package org.gpaction.insights.areas;

import java.util.List;

/**
 * England, an ICB, a sub-ICB location, an LMC or a practice, with the sub-ICB locations and English practices it
 * takes in (as the practices directory places them today).
 *
 * @param parents the areas above it, England first, for the page's breadcrumbs
 */
public record Area(
        AreaKind kind, String code, String name, List<String> subIcbCodes, List<String> odsCodes, List<Area> parents) {

    public Area {
        subIcbCodes = List.copyOf(subIcbCodes);
        odsCodes = List.copyOf(odsCodes);
        parents = List.copyOf(parents);
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
