package org.gpaction.actions.practice;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuAction;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How a practice's action ends: stopped or de-escalated from a day, with a reason, or withdrawn before its first day so
 * that it is never in force. A stop date, once recorded, is changed only by withdrawing the action before its first
 * day; the timeline keeps the stop as well as the withdrawal. {@link PracticeActions} keeps the rest of what a
 * practice chooses.
 */
@Service
class ActionStops {

    private final PracticeActionRepository repository;
    private final ActionMenu menu;
    private final Clock clock;

    ActionStops(PracticeActionRepository repository, ActionMenu menu, Clock clock) {
        this.repository = repository;
        this.menu = menu;
        this.clock = clock;
    }

    @Transactional
    ActionPeriod stop(Practice practice, int actionNumber, String on, String reason, EndedHow how, StaffPrincipal by) {
        PracticeActions.Problems problems = new PracticeActions.Problems();
        LocalDate end = problems.date("on", on, "the day the action stops");
        String text = problems.text("reason", reason, true);
        problems.throwIfAny();

        // The menu before the practice, as a choice takes them: whether the action may be de-escalated is read from
        // the version in force, so a stop either commits before a version taking that leave away is published, or
        // waits for it and reads it.
        menu.holdForChoosing();
        repository.lock(practice.odsCode());
        LocalDate today = today();
        List<ActionPeriod> periods = repository.periods(practice.odsCode(), actionNumber);
        ActionPeriod period =
                stoppable(periods, today).orElseThrow(() -> notOpen(practice, actionNumber, periods, today));
        if (period.from().isAfter(today) && !end.isAfter(period.from())) {
            return withdraw(practice, period, text, by);
        }
        if (!period.isOpen()) {
            throw InvalidRequest.field(
                    "on",
                    alreadyStops(period) + ". It has not started yet: to withdraw it, enter a stop date on or before "
                            + PracticeActions.DISPLAY.format(period.from()));
        }
        if (!end.isAfter(period.from())) {
            problems.add(
                    "on",
                    "Action " + actionNumber + " started on " + PracticeActions.DISPLAY.format(period.from())
                            + ": enter a day after that");
        } else if (end.isAfter(today.plusYears(1))) {
            problems.add("on", "Enter a day within the next year");
        }
        if (how == EndedHow.DE_ESCALATED) {
            boolean mayDeEscalate = menu.current()
                    .action(actionNumber)
                    .or(() -> retired(actionNumber))
                    .map(MenuAction::mayDeEscalate)
                    .orElse(false);
            if (!mayDeEscalate) {
                problems.add(
                        "how",
                        "Action " + actionNumber + " is not one the menu allows to be de-escalated: stop it instead");
            }
        }
        problems.throwIfAny();

        ActionPeriod ended = repository.end(period, end, how);
        TimelineEvent.Kind kind =
                how == EndedHow.DE_ESCALATED ? TimelineEvent.Kind.DE_ESCALATED : TimelineEvent.Kind.STOPPED;
        repository.record(
                practice.odsCode(), new TimelineEvent(actionNumber, kind, end, text, clock.instant(), by.email()));
        return ended;
    }

    /**
     * The period a stop applies to: the one going on, else one not started yet whose stop is already recorded, which
     * can only be withdrawn. Periods never overlap, so there is at most one going on, and it comes after any other.
     */
    private static Optional<ActionPeriod> stoppable(List<ActionPeriod> periods, LocalDate today) {
        return periods.stream()
                .filter(ActionPeriod::isOpen)
                .findFirst()
                .or(() -> periods.stream()
                        .filter(period -> period.from().isAfter(today) && !period.isWithdrawn())
                        .findFirst());
    }

    private static String alreadyStops(ActionPeriod stopping) {
        return "Action " + stopping.actionNumber() + " already stops from "
                + PracticeActions.DISPLAY.format(stopping.to())
                + " (its last day is "
                + PracticeActions.DISPLAY.format(stopping.to().minusDays(1))
                + "): a stop date once recorded stays as it is";
    }

    /**
     * Why there is nothing to stop: a stop already recorded stands (the page offers no second one), the action was
     * withdrawn before its first day (a withdrawal sent twice), or it is not in force.
     */
    private static InvalidRequest notOpen(
            Practice practice, int actionNumber, List<ActionPeriod> periods, LocalDate today) {
        return stopping(periods, today)
                .map(stopping -> InvalidRequest.field("actionNumber", alreadyStops(stopping)))
                .or(() -> withdrawnBeforeADayToCome(periods, today)
                        .map(withdrawn -> InvalidRequest.field(
                                "actionNumber",
                                "Action " + actionNumber + " is already withdrawn: it will not start on "
                                        + PracticeActions.DISPLAY.format(withdrawn.from())
                                        + ", and there is nothing left to withdraw")))
                .orElseGet(() -> InvalidRequest.field(
                        "actionNumber",
                        "Action " + actionNumber + " is not in force at " + practice.odsCode()
                                + ": only an action in force can be stopped"));
    }

    private static Optional<ActionPeriod> stopping(List<ActionPeriod> periods, LocalDate today) {
        return periods.stream()
                .filter(period -> !period.isWithdrawn()
                        && period.to() != null
                        && period.to().isAfter(today))
                .findFirst();
    }

    /**
     * With nothing left to stop, the period of an action withdrawn before a first day still to come, unless one of its
     * periods has a stop recorded from a day to come, which is what a stop sent again is refused by.
     */
    static Optional<ActionPeriod> withdrawnToCome(List<ActionPeriod> periods, LocalDate today) {
        if (stopping(periods, today).isPresent()) {
            return Optional.empty();
        }
        return withdrawnBeforeADayToCome(periods, today);
    }

    private static Optional<ActionPeriod> withdrawnBeforeADayToCome(List<ActionPeriod> periods, LocalDate today) {
        return periods.stream()
                .filter(period -> period.isWithdrawn() && period.from().isAfter(today))
                .findFirst();
    }

    /**
     * The practice decided against an action before its first day: the period ends on that day, so the action is never
     * in force (safe working never enforces it, uptake never counts it), and the timeline says it was withdrawn. A stop
     * date already recorded for it gives way: left standing, the action would still be in force until then.
     */
    private ActionPeriod withdraw(Practice practice, ActionPeriod planned, String reason, StaffPrincipal by) {
        ActionPeriod withdrawn = repository.withdraw(planned);
        repository.record(
                practice.odsCode(),
                new TimelineEvent(
                        planned.actionNumber(),
                        TimelineEvent.Kind.WITHDRAWN,
                        planned.from(),
                        reason,
                        clock.instant(),
                        by.email()));
        return withdrawn;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    /** An action no longer on the current menu, as it last was when published (a draft may bring the number back). */
    private Optional<MenuAction> retired(int number) {
        return menu.lastPublished(number);
    }
}
