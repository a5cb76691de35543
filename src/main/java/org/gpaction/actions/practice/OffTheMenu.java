package org.gpaction.actions.practice;

import java.util.Optional;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;

/**
 * A note about an action the menu in force no longer has and the practice never took: refused for the state the menu
 * is in, not for what was typed (the note page offered the action, from a version since replaced), so answered 409
 * with the page again and nothing recorded. A number no version has published is refused as typed.
 */
final class OffTheMenu extends RuntimeException {

    private OffTheMenu(String message) {
        super(message);
    }

    /** The refusal, naming the action as it was last published; empty for a number no version has published. */
    static Optional<OffTheMenu> of(MenuVersion current, Optional<MenuAction> lastPublished) {
        return lastPublished.map(action -> new OffTheMenu("Action " + action.number() + ", \"" + action.title()
                + "\", is no longer on the menu: version " + current.version() + ", in force now, does not have it,"
                + " and this practice has never taken it. Nothing was recorded: choose an action on the menu, or none"
                + " for a note about the practice"));
    }
}
