package org.gpaction.insights.areas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;

/**
 * The areas drawn from one version of the practices directory: England, its ICBs, sub-ICB locations, LMCs and
 * practices, each practice's close year, and the codes the directory's practices have only outside England.
 */
record DrawnAreas(
        String version,
        Area england,
        Map<AreaKind, Map<String, Area>> byKind,
        Map<String, Integer> closedIn,
        Map<AreaKind, Map<String, Areas.OutsideEngland>> outsideEngland) {

    /** The areas of the directory's practices {@code all}, named from the NHS files' {@code names} by code. */
    static DrawnAreas draw(String version, Map<String, String> names, List<Practice> all) {
        List<Practice> english = all.stream()
                .filter(practice -> practice.nation() == Nation.ENGLAND)
                .sorted(Comparator.comparing(Practice::odsCode))
                .toList();
        // The areas are those of open practices: closed ones keep the CCG and area team codes of their day (131 of
        // the 237 sub-ICB codes and 40 of the 82 ICB codes in the May 2025 epraccur have only closed practices),
        // and counting those would list areas that no longer exist and show England as part of itself. Closed
        // practices stay in the areas that do exist, for their closures, past list sizes and payments.
        Map<String, TreeSet<String>> subIcbsOfIcb = new TreeMap<>();
        Map<String, String> icbOfSubIcb = new TreeMap<>();
        Map<String, String> lmcNames = new TreeMap<>();
        Map<String, TreeSet<String>> subIcbsOfLmc = new TreeMap<>();
        for (Practice practice : english) {
            if (practice.status() != PracticeStatus.ACTIVE) {
                continue;
            }
            icbOfSubIcb.putIfAbsent(practice.subIcbCode(), practice.icbCode());
            if (practice.lmc() != null) {
                String key = practice.lmc().toLowerCase(Locale.ROOT);
                lmcNames.putIfAbsent(key, practice.lmc());
                subIcbsOfLmc.computeIfAbsent(key, k -> new TreeSet<>()).add(practice.subIcbCode());
            }
        }
        // A sub-ICB location is in one ICB, the one its first open practice names: in the directory every open practice
        // of a location names the same, but while locations move between ICBs a file may have them disagree, and an
        // ICB named only by a practice whose location is another's has no location, and so no practice, of its own.
        icbOfSubIcb.forEach((subIcb, icb) ->
                subIcbsOfIcb.computeIfAbsent(icb, k -> new TreeSet<>()).add(subIcb));
        Map<String, List<String>> practicesOfIcb = new TreeMap<>();
        Map<String, List<String>> practicesOfSubIcb = new TreeMap<>();
        Map<String, List<String>> practicesOfLmc = new TreeMap<>();
        for (Practice practice : english) {
            // A closed practice keeps the area team code of its day (9 of Somerset's 14 closed practices under 11X
            // have Q65, Q80 or Q85), so where its sub-ICB location is an area today it is in that location's ICB, as
            // its page's breadcrumbs say; counted by the old code instead, the ICB missed it.
            String icbCode = icbOfSubIcb.getOrDefault(practice.subIcbCode(), practice.icbCode());
            if (subIcbsOfIcb.containsKey(icbCode)) {
                practicesOfIcb.computeIfAbsent(icbCode, k -> new ArrayList<>()).add(practice.odsCode());
            }
            if (icbOfSubIcb.containsKey(practice.subIcbCode())) {
                practicesOfSubIcb
                        .computeIfAbsent(practice.subIcbCode(), k -> new ArrayList<>())
                        .add(practice.odsCode());
            }
            if (practice.lmc() != null && lmcNames.containsKey(practice.lmc().toLowerCase(Locale.ROOT))) {
                practicesOfLmc
                        .computeIfAbsent(practice.lmc().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(practice.odsCode());
            }
        }
        Set<String> closed = english.stream()
                .filter(practice -> practice.status() == PracticeStatus.CLOSED)
                .map(Practice::odsCode)
                .collect(Collectors.toSet());
        // Dormant and proposed practices are not open today either, though not closed: counted apart as well.
        Set<String> dormant = english.stream()
                .filter(practice ->
                        practice.status() == PracticeStatus.DORMANT || practice.status() == PracticeStatus.PROPOSED)
                .map(Practice::odsCode)
                .collect(Collectors.toSet());
        List<String> inEngland = english.stream().map(Practice::odsCode).toList();
        Area england = new Area(
                AreaKind.ENGLAND,
                "E92000001",
                "England",
                List.copyOf(icbOfSubIcb.keySet()),
                inEngland,
                List.of(),
                among(inEngland, closed),
                among(inEngland, dormant));
        Map<AreaKind, Map<String, Area>> byKind = new LinkedHashMap<>();
        Map<String, Area> icbs = new TreeMap<>();
        subIcbsOfIcb.forEach((icb, subIcbs) -> icbs.put(
                icb,
                new Area(
                        AreaKind.ICB,
                        icb,
                        names.getOrDefault(icb, "ICB " + icb),
                        List.copyOf(subIcbs),
                        practicesOfIcb.get(icb),
                        List.of(england),
                        among(practicesOfIcb.get(icb), closed),
                        among(practicesOfIcb.get(icb), dormant))));
        Map<String, Area> subIcbs = new TreeMap<>();
        icbOfSubIcb.forEach((subIcb, icbCode) -> subIcbs.put(
                subIcb,
                new Area(
                        AreaKind.SUB_ICB,
                        subIcb,
                        names.getOrDefault(subIcb, "Sub-ICB location " + subIcb),
                        List.of(subIcb),
                        practicesOfSubIcb.get(subIcb),
                        List.of(england, icbs.get(icbCode)),
                        among(practicesOfSubIcb.get(subIcb), closed),
                        among(practicesOfSubIcb.get(subIcb), dormant))));
        Map<String, Area> lmcs = new TreeMap<>();
        lmcNames.forEach((key, name) -> lmcs.put(
                key,
                new Area(
                        AreaKind.LMC,
                        name,
                        name,
                        List.copyOf(subIcbsOfLmc.get(key)),
                        practicesOfLmc.get(key),
                        List.of(england),
                        among(practicesOfLmc.get(key), closed),
                        among(practicesOfLmc.get(key), dormant))));
        Map<String, Area> practiceAreas = new TreeMap<>();
        for (Practice practice : english) {
            practiceAreas.put(
                    practice.odsCode(),
                    new Area(
                            AreaKind.PRACTICE,
                            practice.odsCode(),
                            practice.name(),
                            List.of(practice.subIcbCode()),
                            List.of(practice.odsCode()),
                            parentsOf(practice, england, icbs, subIcbs),
                            among(List.of(practice.odsCode()), closed),
                            among(List.of(practice.odsCode()), dormant)));
        }
        byKind.put(AreaKind.ICB, icbs);
        byKind.put(AreaKind.SUB_ICB, subIcbs);
        byKind.put(AreaKind.LMC, lmcs);
        byKind.put(AreaKind.PRACTICE, practiceAreas);
        Map<String, Integer> closedIn = new java.util.HashMap<>();
        for (Practice practice : english) {
            if (practice.status() == PracticeStatus.CLOSED && practice.closedOn() != null) {
                closedIn.put(practice.odsCode(), practice.closedOn().getYear());
            }
        }
        return new DrawnAreas(version, england, byKind, closedIn, outsideEngland(all));
    }

    private static Map<AreaKind, Map<String, Areas.OutsideEngland>> outsideEngland(List<Practice> all) {
        Map<AreaKind, Map<String, String>> spelled = new EnumMap<>(AreaKind.class);
        Map<AreaKind, Map<String, Set<Nation>>> nations = new EnumMap<>(AreaKind.class);
        for (Practice practice : all) {
            for (AreaKind kind : List.of(AreaKind.ICB, AreaKind.SUB_ICB, AreaKind.LMC)) {
                String code = switch (kind) {
                    case ICB -> practice.icbCode();
                    case SUB_ICB -> practice.subIcbCode();
                    case LMC -> practice.lmc();
                    case ENGLAND, PRACTICE -> null;
                };
                if (code == null || code.isBlank()) {
                    continue;
                }
                String key = Areas.key(kind, code);
                spelled.computeIfAbsent(kind, k -> new TreeMap<>()).putIfAbsent(key, code.strip());
                nations.computeIfAbsent(kind, k -> new TreeMap<>())
                        .computeIfAbsent(key, k -> EnumSet.noneOf(Nation.class))
                        .add(practice.nation());
            }
        }
        Map<AreaKind, Map<String, Areas.OutsideEngland>> outside = new EnumMap<>(AreaKind.class);
        nations.forEach((kind, byCode) -> byCode.forEach((key, of) -> {
            if (!of.contains(Nation.ENGLAND)) {
                outside.computeIfAbsent(kind, k -> new TreeMap<>())
                        .put(
                                key,
                                new Areas.OutsideEngland(kind, spelled.get(kind).get(key), of));
            }
        }));
        return outside;
    }

    private static List<String> among(List<String> codes, Set<String> chosen) {
        return codes.stream().filter(chosen::contains).toList();
    }

    /** A practice's areas that still exist: a closed one's sub-ICB location or ICB may have gone. */
    private static List<Area> parentsOf(
            Practice practice, Area england, Map<String, Area> icbs, Map<String, Area> subIcbs) {
        Area subIcb = subIcbs.get(practice.subIcbCode());
        if (subIcb != null) {
            List<Area> parents = new ArrayList<>(subIcb.parents());
            parents.add(subIcb);
            return parents;
        }
        Area icb = icbs.get(practice.icbCode());
        return icb == null ? List.of(england) : List.of(england, icb);
    }
}
