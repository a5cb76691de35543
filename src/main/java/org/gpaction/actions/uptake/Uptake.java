package org.gpaction.actions.uptake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * How many practices are taking each action on a day, and week by week. A practice counts on a day when it was
 * open in England that day, by {@link Practice#isOpenOn}: one the ODS file marks closed without a date is not; it is
 * taking an action when one of its periods of that action was in force.
 */
@Service
class Uptake {

    /**
     * @param practices the practices counted, of which {@code practicesTaking} take the action
     * @param onMenu false for an action the current menu no longer has, which practices may still be taking (it stays
     *     in force until they stop it)
     */
    public record ActionUptake(
            int number, String title, int practicesTaking, int practices, BigDecimal percent, boolean onMenu) {

        public ActionUptake(int number, String title, int practicesTaking, int practices) {
            this(number, title, practicesTaking, practices, Uptake.percent(practicesTaking, practices), true);
        }

        /**
         * The share as a page shows it: a few practices out of thousands are not "0.0%", and all but a few are not
         * "100.0%", which would say that every practice takes it.
         */
        public String share() {
            if (practicesTaking > 0 && percent.signum() == 0) {
                return "under 0.1%";
            }
            if (practicesTaking < practices && percent.compareTo(ALL) == 0) {
                return "over 99.9%";
            }
            return percent.toPlainString() + "%";
        }
    }

    private static final BigDecimal ALL = BigDecimal.valueOf(100);

    public record Figures(LocalDate on, UptakeScope scope, int practices, List<ActionUptake> actions) {}

    public record Week(LocalDate on, int practices, List<ActionUptake> actions) {}

    public record IcbFigures(String icbCode, Figures figures) {}

    public record PracticeActions(Practice practice, List<Integer> actions) {}

    private final Practices directory;
    private final ActionMenu menu;
    private final JdbcClient jdbc;

    Uptake(Practices directory, ActionMenu menu, JdbcClient jdbc) {
        this.directory = directory;
        this.menu = menu;
        this.jdbc = jdbc;
    }

    UptakeSnapshot snapshot() {
        List<Practice> inEngland =
                directory.all().stream().filter(Uptake::counted).toList();
        Map<String, List<UptakeSnapshot.Period>> periods = new HashMap<>();
        jdbc.sql("select ods_code, action_number, from_on, to_on from actions.action_period")
                .query((rs, row) -> {
                    Date to = rs.getDate("to_on");
                    UptakeSnapshot.Period period = new UptakeSnapshot.Period(
                            rs.getString("ods_code"),
                            rs.getInt("action_number"),
                            rs.getDate("from_on").toLocalDate(),
                            to == null ? null : to.toLocalDate());
                    periods.computeIfAbsent(period.odsCode(), code -> new ArrayList<>())
                            .add(period);
                    return null;
                })
                .list();
        MenuVersion current = menu.current();
        List<MenuAction> retired = menu.retiredBefore(current.version()).stream()
                .map(ActionMenu.RetiredAction::action)
                .toList();
        return new UptakeSnapshot(current, retired, inEngland, periods);
    }

    /** Whether the practice is among those counted on the days it is open: England's, active or closed. */
    private static boolean counted(Practice practice) {
        return practice.nation() == Nation.ENGLAND
                && (practice.status() == PracticeStatus.ACTIVE || practice.status() == PracticeStatus.CLOSED);
    }

    /**
     * The practices counted on some day since the first menu was published: before it no practice took any action, so
     * an area whose practices closed before then (or are all outside England) would only ever answer zeros.
     */
    List<Practice> countedSinceTheFirstMenu() {
        LocalDate first = firstPublished();
        return directory.all().stream()
                .filter(Uptake::counted)
                .filter(p -> p.closedOn() == null
                        ? p.status() == PracticeStatus.ACTIVE
                        : !p.closedOn().isBefore(first))
                .toList();
    }

    LocalDate firstPublished() {
        return menu.versions().stream()
                .map(ActionMenu.VersionSummary::publishedOn)
                .filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** LMC names and ICB codes that have practices, for the filters. */
    Map<String, TreeSet<String>> icbsByLmc(List<Practice> practices) {
        Map<String, TreeSet<String>> byLmc = new TreeMap<>();
        for (Practice practice : practices) {
            if (practice.lmc() != null) {
                byLmc.computeIfAbsent(practice.lmc(), l -> new TreeSet<>()).add(practice.icbCode());
            }
        }
        return byLmc;
    }

    static BigDecimal percent(int part, int whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
