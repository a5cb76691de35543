package org.gpaction.actions.practice;

import java.util.List;
import java.util.Optional;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;

/**
 * A choice from a choose page that never warned that an action may breach the contract: the action is phase two on the
 * menu in force, but the version the page showed had it as phase one or not at all (or the page did not say which it
 * showed), as an administrator published it as phase two after the page was opened. A page that did not say which it
 * showed may well have warned, so it is only said that the page cannot show it did. Refused for the state the menu is
 * in, not for what was typed: answered 409 with the page again, now with the warning, and nothing recorded.
 */
final class PhaseTwoSinceShown extends RuntimeException {

    private final List<Integer> actions;

    private PhaseTwoSinceShown(String message, List<Integer> actions) {
        super(message);
        this.actions = List.copyOf(actions);
    }

    /** The numbers of the actions refused, which the page shows again unticked, to be chosen past their warning. */
    List<Integer> actions() {
        return actions;
    }

    /** Why the actions chosen from the page showing {@code shown} cannot be recorded as they stand, or empty. */
    static Optional<PhaseTwoSinceShown> of(MenuVersion current, Optional<MenuVersion> shown, List<Integer> chosen) {
        List<MenuAction> raised = chosen.stream()
                .distinct()
                .sorted()
                .flatMap(number -> current.action(number).stream())
                .filter(MenuAction::mayBreachContract)
                .filter(now -> shown.flatMap(page -> page.action(now.number()))
                        .map(before -> !before.mayBreachContract())
                        .orElse(true))
                .toList();
        if (raised.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> numbers = raised.stream().map(MenuAction::number).toList();
        String them = raised.size() == 1 ? "it" : "them";
        String askedAgain = " may breach your contract. Nothing was recorded: read the warning below, take advice from"
                + " your LMC first, and tick " + them + " again to record " + them;
        if (shown.isEmpty()) {
            // A page from before pages said, or naming a version there is not: it may well have warned, so it is not
            // said to have become phase two since, only that the page cannot show it warned.
            String named = raised.size() == 1
                    ? "action " + raised.get(0).number() + ", \""
                            + raised.get(0).title() + "\", is phase two and"
                    : "actions " + and(numbers) + " are phase two and";
            return Optional.of(new PhaseTwoSinceShown(
                    "This page did not say which version of the menu it showed, so it may not have warned you that "
                            + named + askedAgain,
                    numbers));
        }
        String named = raised.size() == 1
                ? "Action " + raised.get(0).number() + ", \"" + raised.get(0).title() + "\", became phase two"
                : "Actions " + and(numbers) + " became phase two";
        String they = raised.size() == 1 ? "it" : "they";
        return Optional.of(new PhaseTwoSinceShown(
                named + " after this page was opened, so the page did not warn you that " + they + askedAgain,
                numbers));
    }

    private static String and(List<Integer> numbers) {
        List<String> each = numbers.stream().map(String::valueOf).toList();
        return String.join(", ", each.subList(0, each.size() - 1)) + " and " + each.get(each.size() - 1);
    }
}
