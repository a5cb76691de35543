package org.gpaction.actions;

import java.util.List;

/**
 * One action on a version of the menu.
 *
 * @param forPatients what the action means for a patient, in one plain sentence a notice in the waiting room can use,
 *     true of this action taken alone: the notice and the guidance page print it
 * @param phase 1 for action within the contract; 2 for escalation that may breach it (action short of strike)
 * @param dailyContactLimit the most patient contacts per clinician per day, for the safe working action; else null
 */
public record MenuAction(
        int number,
        String title,
        String what,
        String why,
        String forPatients,
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

    public boolean mayBreachContract() {
        return phase > 1;
    }
}
