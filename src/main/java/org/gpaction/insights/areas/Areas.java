package org.gpaction.insights.areas;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The areas of England as the practices directory draws them (an open practice's ICB, sub-ICB location and LMC),
 * with names from the NHS files imported, and the codes its practices have only outside England. Built from the whole
 * directory once and kept until the directory changes.
 */
@Service
public class Areas {

    /**
     * An ICB, sub-ICB location or LMC code that the directory's practices have only outside England, so no area here:
     * ODS gives a practice in Wales Q99 where an ICB would be and its health board where a sub-ICB location would be.
     *
     * @param code as the directory has it (an LMC's name as spelled there)
     * @param nations the nations of the practices with the code, England never among them
     */
    public record OutsideEngland(AreaKind kind, String code, Set<Nation> nations) {

        public OutsideEngland {
            nations = Set.copyOf(nations);
        }
    }

    private final Practices practices;
    private final JdbcClient jdbc;
    private volatile DrawnAreas built;

    Areas(Practices practices, JdbcClient jdbc) {
        this.practices = practices;
        this.jdbc = jdbc;
    }

    public Area england() {
        return current().england();
    }

    public Optional<Area> find(AreaKind kind, String code) {
        if (kind == AreaKind.ENGLAND) {
            return Optional.of(england());
        }
        if (code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().byKind().get(kind).get(key(kind, code)));
    }

    /**
     * The ICB, sub-ICB location or LMC with this code when the directory's practices have it only outside England;
     * empty for a code no practice has, or one a practice in England has.
     */
    public Optional<OutsideEngland> outsideEngland(AreaKind kind, String code) {
        if (code == null) {
            return Optional.empty();
        }
        Map<String, OutsideEngland> ofKind = current().outsideEngland().get(kind);
        return ofKind == null ? Optional.empty() : Optional.ofNullable(ofKind.get(key(kind, code)));
    }

    static String key(AreaKind kind, String code) {
        return kind == AreaKind.LMC
                ? code.strip().toLowerCase(Locale.ROOT)
                : code.strip().toUpperCase(Locale.ROOT);
    }

    /** The areas of a kind, by name. */
    public List<Area> all(AreaKind kind) {
        if (kind == AreaKind.ENGLAND) {
            return List.of(england());
        }
        return current().byKind().get(kind).values().stream()
                .sorted(Comparator.comparing(Area::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /**
     * The areas one level down: ICBs in England, sub-ICB locations in an ICB, the open practices (ODS status active)
     * of a sub-ICB location or LMC.
     */
    public List<Area> within(Area area) {
        return switch (area.kind()) {
            case ENGLAND -> all(AreaKind.ICB);
            case ICB ->
                area.subIcbCodes().stream()
                        .map(code -> find(AreaKind.SUB_ICB, code))
                        .flatMap(Optional::stream)
                        .sorted(Comparator.comparing(Area::name, String.CASE_INSENSITIVE_ORDER))
                        .toList();
            case SUB_ICB, LMC -> practices(area.openOdsCodes());
            case PRACTICE -> List.of();
        };
    }

    /** The closed practices of a sub-ICB location or LMC, listed apart from its practices today. */
    public List<Area> closedWithin(Area area) {
        return switch (area.kind()) {
            case SUB_ICB, LMC -> practices(area.closedOdsCodes());
            case ENGLAND, ICB, PRACTICE -> List.of();
        };
    }

    /** The dormant or proposed practices of a sub-ICB location or LMC, listed apart: not open today, not closed. */
    public List<Area> dormantWithin(Area area) {
        return switch (area.kind()) {
            case SUB_ICB, LMC -> practices(area.dormantOdsCodes());
            case ENGLAND, ICB, PRACTICE -> List.of();
        };
    }

    private List<Area> practices(List<String> codes) {
        return codes.stream()
                .map(code -> find(AreaKind.PRACTICE, code))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Area::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /**
     * Practices of the area that closed (ODS status closed, with a close date), by the year they closed: closures
     * and mergers alike, as ODS records both as a close.
     */
    public Map<Integer, Integer> closuresByYear(Area area) {
        Map<String, Integer> closedIn = current().closedIn();
        Map<Integer, Integer> byYear = new TreeMap<>();
        for (String code : area.odsCodes()) {
            Integer year = closedIn.get(code);
            if (year != null) {
                byYear.merge(year, 1, Integer::sum);
            }
        }
        return byYear;
    }

    private DrawnAreas current() {
        String version = practices.version() + "/" + namesVersion();
        DrawnAreas map = built;
        if (map == null || !map.version().equals(version)) {
            map = DrawnAreas.draw(version, names(), practices.all());
            built = map;
        }
        return map;
    }

    private Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.sql("select code, name from insights.area_name")
                .query((rs, row) -> names.put(rs.getString("code"), rs.getString("name")))
                .list();
        return names;
    }

    private String namesVersion() {
        // Names are written only by imports, which are recorded.
        return jdbc.sql("select coalesce(max(id), 0) from insights.import_run")
                .query(String.class)
                .single();
    }
}
