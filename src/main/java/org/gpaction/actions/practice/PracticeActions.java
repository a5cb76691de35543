package org.gpaction.actions.practice;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.Deferral;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a practice chooses from the menu: starting an action from a day (by the rules in {@link ActionChoices}),
 * stopping or de-escalating it with a reason, withdrawing it before it starts (by the rules in {@link ActionStops}),
 * and notes. Periods of one action never overlap, and nothing recorded is deleted: a withdrawn action keeps its
 * period, which takes no day. An action has at most one period not started yet, so its stop form (which names one) and
 * a stop through the API act on the same.
 */
@Service
class PracticeActions {

    static final int MAX_TEXT = 2000;
    static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    /**
     * An action in force today or due to start, with any deferral whose review date has come. One whose stop is already
     * recorded runs until then and is not stopped again, though until its first day it can still be withdrawn.
     */
    public record CurrentAction(ActionPeriod period, MenuAction action, List<Deferral> dueForReview) {

        public boolean isPlanned(LocalDate today) {
            return period.from().isAfter(today);
        }

        /** Whether its stop form is offered: while it goes on, or until its first day, to withdraw it. */
        public boolean mayBeStopped(LocalDate today) {
            return period.isOpen() || isPlanned(today);
        }

        /** Planned with its stop recorded: the one change left is to withdraw it. */
        public boolean mayOnlyBeWithdrawn(LocalDate today) {
            return !period.isOpen() && isPlanned(today);
        }

        /** The last day it is in force, once its stop is recorded; null while it goes on. */
        public LocalDate lastDay() {
            return period.to() == null ? null : period.to().minusDays(1);
        }
    }

    /**
     * @param retired the actions of the practice's history that the current menu no longer has, as they were last
     *     published, by number
     */
    public record Overview(
            Practice practice,
            LocalDate today,
            MenuVersion menu,
            List<CurrentAction> current,
            List<ActionPeriod> history,
            List<TimelineEvent> timeline,
            Map<Integer, MenuAction> retired) {

        /** The action as the current menu has it, or as it was last published if it has since been retired. */
        public Optional<MenuAction> action(int number) {
            return action(menu, retired, number);
        }

        private static Optional<MenuAction> action(MenuVersion menu, Map<Integer, MenuAction> retired, int number) {
            return menu.action(number).or(() -> Optional.ofNullable(retired.get(number)));
        }

        public String titleOf(Integer number) {
            if (number == null) {
                return "The practice";
            }
            return action(number).map(action -> number + ". " + action.title()).orElse("Action " + number);
        }

        public List<MenuAction> choosable() {
            return menu.actions().stream()
                    .filter(action -> current.stream().noneMatch(c -> c.period().actionNumber() == action.number()))
                    .toList();
        }
    }

    private final PracticeActionRepository repository;
    private final ActionMenu menu;
    private final ActionStops stops;
    private final ActionChoices choices;
    private final Clock clock;

    PracticeActions(
            PracticeActionRepository repository,
            ActionMenu menu,
            ActionStops stops,
            ActionChoices choices,
            Clock clock) {
        this.repository = repository;
        this.menu = menu;
        this.stops = stops;
        this.choices = choices;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    /** See {@link ActionChoices#choose}. */
    @Transactional
    ActionPeriod choose(Practice practice, Integer actionNumber, String from, String note, StaffPrincipal by) {
        return choices.choose(practice, actionNumber, from, note, by);
    }

    /** See {@link ActionChoices#chooseSeveral}. */
    @Transactional
    List<ActionPeriod> chooseSeveral(
            Practice practice,
            List<Integer> actionNumbers,
            String from,
            String note,
            StaffPrincipal by,
            String shownVersion) {
        return choices.chooseSeveral(practice, actionNumbers, from, note, by, shownVersion);
    }

    /** See {@link ActionChoices#published}. */
    Optional<MenuVersion> published(String version) {
        return choices.published(version);
    }

    /** See {@link ActionStops#stop}. */
    @Transactional
    ActionPeriod stop(Practice practice, int actionNumber, String on, String reason, EndedHow how, StaffPrincipal by) {
        return stops.stop(practice, actionNumber, on, reason, how, by);
    }

    /**
     * A note about the practice, or about an action on the menu in force or one the practice has taken. It takes the
     * menu's lock before the practice's, as a choice and a stop do, and reads the menu and the time once it holds them:
     * a note about an action a version being published takes off either commits before that version is published, or
     * waits for it and is refused ({@link OffTheMenu}).
     */
    @Transactional
    void addNote(Practice practice, Integer actionNumber, String note, StaffPrincipal by) {
        menu.holdForChoosing();
        repository.lock(practice.odsCode());
        Problems problems = new Problems();
        Optional<OffTheMenu> offTheMenu = Optional.empty();
        if (actionNumber != null) {
            MenuVersion current = menu.current();
            if (current.action(actionNumber).isEmpty()
                    && repository.periods(practice.odsCode(), actionNumber).isEmpty()) {
                offTheMenu = OffTheMenu.of(current, menu.lastPublished(actionNumber));
                if (offTheMenu.isEmpty()) {
                    problems.add("actionNumber", "Choose an action on the menu, or none for a note about the practice");
                }
            }
        }
        String text = problems.text("note", note, true);
        problems.throwIfAny();
        offTheMenu.ifPresent(refusal -> {
            throw refusal;
        });
        Instant now = clock.instant();
        repository.record(
                practice.odsCode(),
                new TimelineEvent(
                        actionNumber,
                        TimelineEvent.Kind.NOTE,
                        LocalDate.ofInstant(now, UkTime.ZONE),
                        text,
                        now,
                        by.email()));
    }

    Overview overview(Practice practice) {
        LocalDate today = today();
        MenuVersion current = menu.current();
        List<ActionPeriod> periods = repository.periods(practice.odsCode());
        List<TimelineEvent> timeline = repository.timeline(practice.odsCode());
        Map<Integer, MenuAction> retired = new LinkedHashMap<>();
        Stream.concat(
                        periods.stream().map(ActionPeriod::actionNumber),
                        timeline.stream().map(TimelineEvent::actionNumber).filter(Objects::nonNull))
                .distinct()
                .filter(number -> current.action(number).isEmpty())
                .forEach(number -> retired(number).ifPresent(action -> retired.put(number, action)));
        List<CurrentAction> inForce = new ArrayList<>();
        for (ActionPeriod period : periods) {
            if (period.isInForceOn(today) || (period.from().isAfter(today) && !period.isWithdrawn())) {
                MenuAction action =
                        Overview.action(current, retired, period.actionNumber()).orElseThrow();
                List<Deferral> due = period.isInForceOn(today)
                        ? action.deferrals().stream()
                                .filter(deferral -> deferral.isDueForReview(today))
                                .toList()
                        : List.of();
                inForce.add(new CurrentAction(period, action, due));
            }
        }
        inForce.sort(Comparator.comparingInt(c -> c.period().actionNumber()));
        return new Overview(practice, today, current, inForce, periods, timeline, retired);
    }

    boolean isSubscribed(Practice practice, StaffPrincipal staff) {
        return repository.isSubscribed(practice.odsCode(), staff.email());
    }

    @Transactional
    void setSubscribed(Practice practice, StaffPrincipal staff, boolean subscribed) {
        if (subscribed) {
            repository.subscribe(practice.odsCode(), staff.email(), clock.instant());
        } else {
            repository.unsubscribe(practice.odsCode(), staff.email());
        }
    }

    /** An action no longer on the current menu, as it last was when published (a draft may bring the number back). */
    private Optional<MenuAction> retired(int number) {
        return menu.lastPublished(number);
    }

    /** The problems found in what someone entered, each naming the field to fix. */
    static final class Problems {

        private final Map<String, String> byField = new LinkedHashMap<>();

        void add(String field, String message) {
            byField.putIfAbsent(field, message);
        }

        LocalDate date(String field, String value, String what) {
            if (value == null || value.isBlank()) {
                add(field, "Enter " + what + ", like 2024-08-12");
                return null;
            }
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                add(field, "Enter " + what + " as a real date, like 2024-08-12");
                return null;
            }
        }

        /**
         * Text typed in a box of several lines, which keeps its tabs and line breaks. The check reads it as typed: a
         * vertical tab, form feed or file separator at either end is white space to {@link String#strip()}, and
         * would otherwise be dropped unseen rather than refused.
         */
        String text(String field, String value, boolean required) {
            String cleaned = value == null ? "" : value.strip().replace("\r\n", "\n");
            if (TypedText.hasControlCharactersBesideLineBreaks(value)) {
                add(field, "The " + field + " must not contain control characters");
            } else if (required && cleaned.isEmpty()) {
                add(field, "Enter the " + field);
            } else if (cleaned.length() > MAX_TEXT) {
                add(field, "The " + field + " must be " + MAX_TEXT + " characters or fewer");
            }
            return cleaned.isEmpty() ? null : cleaned;
        }

        void throwIfAny() {
            if (!byField.isEmpty()) {
                List<Map<String, String>> errors = new ArrayList<>();
                byField.forEach((field, message) -> errors.add(Map.of("field", field, "message", message)));
                throw new InvalidRequest(
                        byField.size() == 1 ? byField.values().iterator().next() : "Some fields need fixing", errors);
            }
        }
    }
}
