package org.gpaction.actions.uptake;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.actions.uptake.Uptake.ActionUptake;
import org.gpaction.actions.uptake.Uptake.Figures;
import org.gpaction.actions.uptake.Uptake.IcbFigures;
import org.gpaction.actions.uptake.Uptake.PracticeActions;
import org.gpaction.actions.uptake.Uptake.Week;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;

/**
 * Everything the figures for one scope are worked out from, read once per request. The actions counted are the
 * current menu's and then, as they were last published, those since retired that a practice in the area has had in
 * force: a practice still taking one is counted under it, not dropped, and an area where no practice had it is not
 * given a row of zeros for it.
 */
final class UptakeSnapshot {

    record Period(String odsCode, int actionNumber, LocalDate from, LocalDate to) {

        boolean isInForceOn(LocalDate day) {
            return !from.isAfter(day) && (to == null || to.isAfter(day));
        }

        /** False for one withdrawn before it started, which was never in force. */
        boolean takesADay() {
            return to == null || to.isAfter(from);
        }
    }

    private final MenuVersion menu;
    private final List<MenuAction> retired;
    private final List<Practice> practices;
    private final Map<String, List<Period>> periodsByPractice;

    UptakeSnapshot(
            MenuVersion menu,
            List<MenuAction> retired,
            List<Practice> practices,
            Map<String, List<Period>> periodsByPractice) {
        this.menu = menu;
        this.retired = retired;
        this.practices = practices;
        this.periodsByPractice = periodsByPractice;
    }

    List<Practice> practices() {
        return practices;
    }

    /** The actions the area's figures give, in their order: the current menu's, then those no longer on it. */
    List<MenuAction> actions(UptakeScope scope) {
        List<MenuAction> actions = new ArrayList<>(menu.actions());
        actions.addAll(retired(scope));
        return actions;
    }

    /** Whether any action no longer on the menu is counted for the area. */
    boolean countsRetired(UptakeScope scope) {
        return !retired(scope).isEmpty();
    }

    /** The numbers of the actions counted for the area that are no longer on the menu. */
    Set<Integer> retiredNumbers(UptakeScope scope) {
        Set<Integer> numbers = new HashSet<>();
        retired(scope).forEach(action -> numbers.add(action.number()));
        return numbers;
    }

    /** The actions no longer on the menu that a practice in the area has had in force, on any day. */
    private List<MenuAction> retired(UptakeScope scope) {
        Set<Integer> taken = new HashSet<>();
        for (Practice practice : practices) {
            if (scope.covers(practice)) {
                for (Period period : periodsByPractice.getOrDefault(practice.odsCode(), List.of())) {
                    if (period.takesADay()) {
                        taken.add(period.actionNumber());
                    }
                }
            }
        }
        return retired.stream()
                .filter(action -> taken.contains(action.number()))
                .toList();
    }

    Figures on(LocalDate day, UptakeScope scope) {
        return on(day, scope, actions(scope));
    }

    private Figures on(LocalDate day, UptakeScope scope, List<MenuAction> actions) {
        int counted = 0;
        int[] taking = new int[100];
        for (Practice practice : practices) {
            if (!scope.covers(practice) || !practice.isOpenOn(day)) {
                continue;
            }
            counted++;
            for (Period period : periodsByPractice.getOrDefault(practice.odsCode(), List.of())) {
                if (period.isInForceOn(day)) {
                    taking[period.actionNumber()]++;
                }
            }
        }
        return new Figures(day, scope, counted, uptake(taking, counted, actions));
    }

    /** One point a week, ending on {@code last}, back to the first menu's publication. */
    List<Week> weekly(LocalDate first, LocalDate last, UptakeScope scope) {
        if (last.isBefore(first)) {
            return List.of();
        }
        List<MenuAction> actions = actions(scope);
        int weeks = (int) (ChronoUnit.DAYS.between(first, last) / 7) + 1;
        LocalDate start = last.minusWeeks(weeks - 1);
        int[] counted = new int[weeks];
        int[][] taking = new int[weeks][100];
        for (Practice practice : practices) {
            if (!scope.covers(practice)) {
                continue;
            }
            boolean[] open = new boolean[weeks];
            for (int i = 0; i < weeks; i++) {
                open[i] = practice.isOpenOn(start.plusWeeks(i));
                if (open[i]) {
                    counted[i]++;
                }
            }
            for (Period period : periodsByPractice.getOrDefault(practice.odsCode(), List.of())) {
                int from = Math.max(0, weeksUntil(start, period.from()));
                int to = period.to() == null ? weeks : Math.min(weeks, weeksUntil(start, period.to()));
                for (int i = from; i < to; i++) {
                    if (open[i]) {
                        taking[i][period.actionNumber()]++;
                    }
                }
            }
        }
        List<Week> series = new ArrayList<>(weeks);
        for (int i = 0; i < weeks; i++) {
            series.add(new Week(start.plusWeeks(i), counted[i], uptake(taking[i], counted[i], actions)));
        }
        return series;
    }

    /** Each ICB's figures give the actions of the whole area, so that they line up as the columns of one table. */
    List<IcbFigures> byIcb(LocalDate day, UptakeScope scope) {
        List<MenuAction> actions = actions(scope);
        return currentIcbs(scope).stream()
                .map(icb -> new IcbFigures(icb, on(day, new UptakeScope(scope.lmc(), icb), actions)))
                .toList();
    }

    /**
     * The ICBs that exist today: those with an active practice in the directory. Practices that closed before the
     * 2022 reorganisation still carry the codes of ICBs' predecessors, which would list as areas with nobody in
     * them.
     */
    TreeSet<String> currentIcbs(UptakeScope scope) {
        TreeSet<String> icbs = new TreeSet<>();
        practices.stream()
                .filter(p -> p.status() == PracticeStatus.ACTIVE && scope.covers(p))
                .forEach(p -> icbs.add(p.icbCode()));
        return icbs;
    }

    List<PracticeActions> practicesOn(LocalDate day, UptakeScope scope) {
        return practices.stream()
                .filter(p -> scope.covers(p) && p.isOpenOn(day))
                .sorted(Comparator.comparing(Practice::icbCode).thenComparing(Practice::odsCode))
                .map(p -> new PracticeActions(
                        p,
                        periodsByPractice.getOrDefault(p.odsCode(), List.of()).stream()
                                .filter(period -> period.isInForceOn(day))
                                .map(Period::actionNumber)
                                .sorted()
                                .toList()))
                .toList();
    }

    private List<ActionUptake> uptake(int[] taking, int counted, List<MenuAction> actions) {
        return actions.stream()
                .map(action -> new ActionUptake(
                        action.number(),
                        action.title(),
                        taking[action.number()],
                        counted,
                        Uptake.percent(taking[action.number()], counted),
                        menu.action(action.number()).isPresent()))
                .toList();
    }

    /** Weeks from {@code start} until the first weekly point on or after {@code day}. */
    private static int weeksUntil(LocalDate start, LocalDate day) {
        long days = ChronoUnit.DAYS.between(start, day);
        return (int) Math.floorDiv(days + 6, 7);
    }
}
