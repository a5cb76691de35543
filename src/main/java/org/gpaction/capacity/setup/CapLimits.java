package org.gpaction.capacity.setup;

import java.time.LocalDate;
import org.gpaction.actions.ActionsInForce;
import org.springframework.stereotype.Component;

/** The {@link CapLimit} on a day, as the actions module's menu in force that day sets it. */
@Component
public class CapLimits {

    private final ActionsInForce actions;

    CapLimits(ActionsInForce actions) {
        this.actions = actions;
    }

    public CapLimit on(LocalDate day) {
        return CapLimit.of(actions.dailyContactLimit(day));
    }
}
