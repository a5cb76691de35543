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

    public MenuAction {
        deferrals = List.copyOf(deferrals);
    }

    public boolean mayBreachContract() {
        return phase > 1;
    }
}
