package org.gpaction.actions.practice;

import static org.gpaction.actions.practice.PracticeActions.DISPLAY;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A practice starts actions from the menu from a day: each choice is checked once, under the practice's lock, and then
 * recorded, on one day read once, so a choice made as midnight passes is checked and recorded on the same day. The day
 * and instant are read once the lock is held, so a choice that waited behind another change to the practice is checked
 * as of when it goes ahead and recorded after that change. Several are chosen all or none.
 */
@Service
class ActionChoices {

    /** A choice that nothing refuses: the action, the day it starts and its note, as recorded. */
    private record Checked(int actionNumber, LocalDate start, String note) {}

    private final PracticeActionRepository repository;
    private final ActionMenu menu;
    private final Clock clock;

    ActionChoices(PracticeActionRepository repository, ActionMenu menu, Clock clock) {
        this.repository = repository;
        this.menu = menu;
        this.clock = clock;
    }

    @Transactional
    ActionPeriod choose(Practice practice, Integer actionNumber, String from, String note, StaffPrincipal by) {
        menu.holdForChoosing();
        repository.lock(practice.odsCode());
        Instant now = clock.instant();
        return record(practice, check(practice, actionNumber, from, note, today(now)), now, by);
    }

    /**
     * Several actions from one day, all or none: a problem with any one records none of them. {@code shownVersion} is
     * the version of the menu the choose page showed (null if it did not say): an action phase two now that the page
     * did not show as phase two was chosen without its warning, and is refused ({@link PhaseTwoSinceShown}), once
     * nothing else refuses the choice: ticked again past the warning, it would then be recorded.
     */
    @Transactional
    List<ActionPeriod> chooseSeveral(
            Practice practice,
            List<Integer> actionNumbers,
            String from,
            String note,
            StaffPrincipal by,
            String shownVersion) {
        menu.holdForChoosing();
        Optional<MenuVersion> shown = shown(shownVersion);
        if (actionNumbers.isEmpty()) {
            return List.of(choose(practice, null, from, note, by));
        }
        repository.lock(practice.odsCode());
        Instant now = clock.instant();
        // What would refuse the choice anyway is said first, before anything is recorded: asked to tick an action
        // again past its warning, the manager would only be refused then. The practice's lock is held until the
        // transaction ends, and no action's periods bear on another's, so nothing recorded after the checks makes one
        // of them stale.
        List<Checked> checked = new ArrayList<>();
        for (Integer number : actionNumbers.stream().distinct().toList()) {
            checked.add(check(practice, number, from, note, today(now)));
        }
        PhaseTwoSinceShown.of(menu.current(), shown, actionNumbers).ifPresent(refusal -> {
            throw refusal;
        });
        List<ActionPeriod> periods = new ArrayList<>();
        for (Checked choice : checked) {
            periods.add(record(practice, choice, now, by));
        }
        return periods;
    }

    /**
     * What refuses choosing the action from the day, thrown, else the choice as it would be recorded. The caller holds
     * the practice's lock, so no other choice of it is recorded meanwhile.
     */
    private Checked check(Practice practice, Integer actionNumber, String from, String note, LocalDate today) {
        PracticeActions.Problems problems = new PracticeActions.Problems();
        MenuVersion current = menu.current();
        if (actionNumber == null) {
            problems.add("actionNumber", "Choose an action from the menu");
        } else if (current.action(actionNumber).isEmpty()) {
            problems.add(
                    "actionNumber",
                    "There is no action " + actionNumber + " on version " + current.version()
                            + " of the menu: choose one of its actions");
        }
        OutsideEngland.of(practice).ifPresent(outside -> problems.add("actionNumber", outside.refusal()));
        LocalDate start = problems.date("from", from, "the day the practice started the action");
        if (start != null) {
            LocalDate firstMenu = firstPublished();
            Optional<LocalDate> onTheMenuFrom =
                    actionNumber == null ? Optional.empty() : menu.firstPublishedOn(actionNumber);
            if (start.isBefore(firstMenu)) {
                problems.add(
                        "from",
                        "The menu was first published on " + DISPLAY.format(firstMenu)
                                + ": enter a start date on or after it");
            } else if (onTheMenuFrom.isPresent() && start.isBefore(onTheMenuFrom.get())) {
                problems.add(
                        "from",
                        "Action " + actionNumber + " came onto the menu on " + DISPLAY.format(onTheMenuFrom.get())
                                + ": enter a start date on or after it");
            } else if (start.isAfter(today.plusYears(1))) {
                problems.add("from", "Enter a start date within the next year");
            }
        }
        String text = problems.text("note", note, false);
        problems.throwIfAny();
        PracticeNotOpen.from(practice, start).ifPresent(refusal -> {
            throw refusal;
        });

        for (ActionPeriod period : repository.periods(practice.odsCode(), actionNumber)) {
            if (period.isOpen() && period.from().isAfter(today)) {
                problems.add(
                        "actionNumber",
                        "Action " + actionNumber + " is already planned from " + DISPLAY.format(period.from())
                                + " and has not started: to start it on another day, withdraw it first");
            } else if (period.isOpen()) {
                problems.add(
                        "actionNumber",
                        "Action " + actionNumber + " is already in force from " + DISPLAY.format(period.from())
                                + ": stop it before starting it again");
            } else if (!period.isWithdrawn() && period.from().isAfter(today)) {
                problems.add(
                        "actionNumber",
                        "Action " + actionNumber + " is already planned from " + DISPLAY.format(period.from())
                                + " until " + DISPLAY.format(period.to().minusDays(1))
                                + ": choose it again once that has started, or withdraw that first");
            } else if (!period.isWithdrawn() && period.to().isAfter(start)) {
                problems.add(
                        "from",
                        "Action " + actionNumber + " was in force until "
                                + DISPLAY.format(period.to().minusDays(1)) + ": enter a start date after that");
            }
        }
        problems.throwIfAny();
        return new Checked(actionNumber, start, text);
    }

    /** Records a checked choice, and subscribes a practice manager who made it to the practice's emails. */
    private ActionPeriod record(Practice practice, Checked choice, Instant now, StaffPrincipal by) {
        ActionPeriod period = repository.start(practice.odsCode(), choice.actionNumber(), choice.start());
        repository.record(
                practice.odsCode(),
                new TimelineEvent(
                        choice.actionNumber(),
                        TimelineEvent.Kind.STARTED,
                        choice.start(),
                        choice.note(),
                        now,
                        by.email()));
        if (by.role() == StaffRole.PRACTICE_MANAGER) {
            repository.subscribe(practice.odsCode(), by.email(), now);
        }
        return period;
    }

    /**
     * The published version a page says it showed, or empty if it said none (one kept from before pages said). One
     * naming a version no menu was published as was mangled or forged: it cannot show what it warned of, so it is
     * refused for what it sent.
     */
    private Optional<MenuVersion> shown(String version) {
        if (version == null || version.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(published(version)
                .orElseThrow(() -> InvalidRequest.field(
                        "actionNumber",
                        "This page named a version of the menu there is not, so it cannot show which actions it"
                                + " warned may breach your contract. Nothing was recorded: check the actions below"
                                + " and record them again")));
    }

    /** The published version of the menu a page names, or empty if none was published as that. */
    Optional<MenuVersion> published(String version) {
        if (version == null || !version.strip().matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return menu.version(Integer.parseInt(version.strip())).filter(shown -> !shown.isDraft());
    }

    private LocalDate firstPublished() {
        return menu.versions().stream()
                .map(ActionMenu.VersionSummary::publishedOn)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, UkTime.ZONE);
    }
}
