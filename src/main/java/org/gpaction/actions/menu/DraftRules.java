package org.gpaction.actions.menu;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gpaction.actions.ActionMenu.RetiredAction;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;

/**
 * Rules every action in a draft keeps, however it came there (typed into the form, or copied from the menu in force
 * when the draft was started), each with its reason in plain words.
 */
final class DraftRules {

    /**
     * The UEMO safe maximum of contacts per clinician a day: the most action 1's limit may be. Safe working holds each
     * clinician to the limit of the menu in force (ActionsInForce#dailyContactLimit), and refuses a higher cap.
     */
    static final int SAFE_MAXIMUM = 25;

    private DraftRules() {}

    /**
     * Why the action cannot have this daily contact limit, or empty. Only action 1 has one, as only action 1 turns on
     * the reception board's caps, and never above the safe maximum the board holds each clinician to.
     */
    static Optional<String> dailyContactLimit(int number, Integer limit) {
        if (limit == null) {
            return Optional.empty();
        }
        if (number != ActionsInForce.SAFE_WORKING) {
            return Optional.of("Only action " + ActionsInForce.SAFE_WORKING + ", safe working, has a daily contact"
                    + " limit (the reception board enforces no other): leave it empty for action " + number);
        }
        if (limit > SAFE_MAXIMUM) {
            return Optional.of("Enter a daily contact limit of " + SAFE_MAXIMUM + " or fewer: " + SAFE_MAXIMUM
                    + " contacts per clinician a day is the safe maximum (UEMO) that safe working holds each clinician"
                    + " to");
        }
        return Optional.empty();
    }

    /**
     * Why the action cannot have this title, or empty: another action in the draft has it, whatever the case or the
     * spacing, and practices choosing from the menu, and the uptake figures, would show two actions under one name.
     * {@code replacing} is the number of the draft's action being changed, which keeps its own title; null for a new
     * one.
     */
    static Optional<String> titleTaken(String title, List<MenuAction> draft, Integer replacing) {
        String wanted = comparable(title);
        return draft.stream()
                .filter(other -> !Integer.valueOf(other.number()).equals(replacing))
                .filter(other -> comparable(other.title()).equals(wanted))
                .findFirst()
                .map(other -> "The draft already has action " + other.number() + ", \"" + other.title()
                        + "\": give this action a title of its own");
    }

    /** Whether a reader would take the two titles for one, as {@link #titleTaken} compares them. */
    private static boolean sameTitle(String one, String other) {
        return comparable(one).equals(comparable(other));
    }

    /** A title as a reader tells it from another: any case, any run of spaces (a no-break space too) as one. */
    private static String comparable(String title) {
        return title.replaceAll("[\\s\\p{Z}]+", " ").strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Why the action cannot have its number, or empty. Practices' periods, notices and uptake name an action by its
     * number in every version, so a number a published version retired stays that action's: it may come back under
     * its own title (whatever its case or spacing), but never as another action.
     */
    static Optional<String> retiredNumber(MenuAction action, List<RetiredAction> retired, int unused) {
        return retired.stream()
                .filter(gone -> gone.action().number() == action.number())
                .filter(gone -> !sameTitle(gone.action().title(), action.title()))
                .findFirst()
                .map(gone -> "Number " + action.number() + " was action " + action.number() + ", \""
                        + gone.action().title() + "\", until a later version retired it: practices' records still"
                        + " use the number for that action, so give this action a number no version has used, such as "
                        + unused + ", or bring that action back under its own title");
    }

    /**
     * Why the action cannot have its number, or empty, when the draft has retired the action the menu in force has
     * under it: practices taking that action would be recorded as taking this one once the draft is published, rather
     * than keeping the action the draft retires.
     */
    static Optional<String> numberRetiredByDraft(
            MenuAction action, MenuVersion current, MenuVersion draft, int unused) {
        if (draft.action(action.number()).isPresent()) {
            return Optional.empty();
        }
        return current.action(action.number())
                .filter(inForce -> !sameTitle(inForce.title(), action.title()))
                .map(inForce -> "Number " + action.number() + " is action " + action.number() + ", \""
                        + inForce.title() + "\", on the menu in force, which this draft retires: practices taking it"
                        + " would be recorded as taking this action instead, so give this action a number no version"
                        + " has used, such as " + unused + ", or bring that action back under its own title");
    }

    /**
     * Why the action cannot be phase two, or empty. Practices' periods name an action by its number, so a phase one
     * action that practices take or plan to take, published as phase two under the same number, would record them as
     * taking action that may breach their contract, which they never chose: their notices, uptake and the email telling
     * them would all say so without their having seen the warning of phase two.
     */
    static Optional<MenuAction> phaseRaised(MenuAction action, Optional<MenuAction> published) {
        if (!action.mayBreachContract()) {
            return Optional.empty();
        }
        return published.filter(before -> !before.mayBreachContract());
    }

    /** The refusal of {@link #phaseRaised}, naming the action, how many practices take it, and what to do instead. */
    static String phaseRaisedProblem(MenuAction published, int practicesTaking, int unused) {
        return "Action " + published.number() + ", \"" + published.title() + "\", was published as phase one and "
                + practicesTaking
                + (practicesTaking == 1 ? " practice takes it or plans to" : " practices take it or plan to")
                + ": under its number they would be recorded as taking phase two action, which may breach their"
                + " contract, without having chosen it. Keep it phase one; for phase two, retire it and add a new action"
                + " with a number no version has used, such as " + unused;
    }
}
