package org.gpaction.actions.practice;

import java.util.Optional;
import org.gpaction.practices.Practice;

/**
 * Why a practice may not choose from the action menu: the menu is for practices in England, since uptake counts the
 * open practices in England and a choice anywhere else would be counted nowhere. The directory takes a practice's
 * nation from its national grouping in the ODS practice file, so that is what an administrator checks.
 *
 * @param why what the directory says of the practice, in words that can end a sentence
 * @param whatToDo who to ask, in words that follow a colon
 */
record OutsideEngland(String why, String whatToDo) {

    /** Why the practice may not choose actions, or empty when it is in England and may. */
    static Optional<OutsideEngland> of(Practice practice) {
        String menu = "The action menu is for practices in England, and the practices directory ";
        return switch (practice.nation()) {
            case ENGLAND -> Optional.empty();
            case UNKNOWN ->
                Optional.of(new OutsideEngland(
                        menu + "does not say which nation " + practice.odsCode() + " is in",
                        "ask an administrator to check its national grouping in the ODS practice file"));
            case WALES, SCOTLAND, NORTHERN_IRELAND -> Optional.of(elsewhere(menu, practice));
        };
    }

    private static OutsideEngland elsewhere(String menu, Practice practice) {
        return new OutsideEngland(
                menu + "places " + practice.odsCode() + " in "
                        + practice.nation().inSentence(),
                "if it is in England, ask an administrator to check its national grouping in the ODS practice file");
    }

    /** As a choice is refused: what is wrong, then what to do. */
    String refusal() {
        return why + ": " + whatToDo;
    }
}
