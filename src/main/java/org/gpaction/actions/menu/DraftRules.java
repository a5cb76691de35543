package org.gpaction.actions.menu;

import java.util.List;
import java.util.Optional;
import org.gpaction.actions.ActionMenu.RetiredAction;
import org.gpaction.actions.MenuAction;

/**
 * Rules every action in a draft keeps, however it came there (typed into the form, or copied from the menu in force
 * when the draft was started), each with its reason in plain words.
 */
final class DraftRules {

    private DraftRules() {}

    /**
     * Why the action cannot have its number, or empty. Practices' periods, notices and uptake name an action by its
     * number in every version, so a number a published version retired stays that action's: it may come back under
     * its own title, but never as another action.
     */
    static Optional<String> retiredNumber(MenuAction action, List<RetiredAction> retired, int unused) {
        return retired.stream()
                .filter(gone -> gone.action().number() == action.number())
                .filter(gone -> !gone.action().title().equals(action.title()))
                .findFirst()
                .map(gone -> "Number " + action.number() + " was action " + action.number() + ", \""
                        + gone.action().title() + "\", until a later version retired it: practices' records still"
                        + " use the number for that action, so give this action a number no version has used, such as "
                        + unused + ", or bring that action back under its own title");
    }
}
