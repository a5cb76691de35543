package org.gpaction.actions;

import java.util.List;

/**
 * One action on a version of the menu.
 *
 * @param phase 1 for action within the contract; 2 for escalation that may breach it (action short of strike)
 * @param dailyContactLimit the most patient contacts per clinician per day, for the safe working action; else null
 */
public record MenuAction(
        int number,
        String title,
        String what,
        String why,
        String guidanceUrl,
        Category category,
        boolean mayDeEscalate,
        int phase,
        Integer dailyContactLimit,
        List<Deferral> deferrals) {

    /** What the choose page says beside a phase two action, and the API's answer to choosing one. */
    public static final String PHASE_TWO_WARNING =
            "Phase two: this action may breach your contract. Take advice from your LMC first.";

    public MenuAction {
        deferrals = List.copyOf(deferrals);
    }

    /**
     * What the action means for a patient, in words a notice in the waiting room can use: its category's, which holds
     * for each action of the category taken alone, except that only safe working, whose caps the reception board holds
     * each clinician to, promises a safe number a day. The notice and the guidance page both print this.
     */
    public String forPatients() {
        return number == ActionsInForce.SAFE_WORKING
                ? "Each of our doctors and nurses sees a safe number of patients a day, so that everyone they see gets"
                        + " the time and care they need."
                : category.forPatients();
    }

    public boolean mayBreachContract() {
        return phase > 1;
    }
}
