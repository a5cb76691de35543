package org.gpaction.capacity.setup;

import java.util.Optional;
import org.gpaction.actions.DailyContactLimit;
import org.gpaction.common.UkTime;

/**
 * The most a clinician's cap may be, usual or for one day, and where that figure comes from: action 1's daily contact
 * limit on the menu in force, or, when the menu sets none, the safe maximum every cap is held to.
 *
 * @param source where the figure comes from, in words that follow it: "20, the daily contact limit of action 1 …"
 */
public record CapLimit(int contacts, String source) {

    public static CapLimit of(Optional<DailyContactLimit> onMenu) {
        return onMenu.map(limit -> new CapLimit(
                        Math.min(limit.contacts(), Clinician.SAFE_MAXIMUM),
                        "the daily contact limit of action 1 on the action menu in force (version "
                                + limit.menuVersion() + ", published " + UkTime.day(limit.publishedOn()) + ")"))
                .orElse(new CapLimit(
                        Clinician.SAFE_MAXIMUM,
                        "the safe maximum (UEMO), as action 1 on the action menu in force sets no daily contact"
                                + " limit"));
    }

    /** "from 0 to 20, the daily contact limit of action 1 …": the range a cap is given in, and why it ends there. */
    public String range() {
        return "from 0 to " + contacts + ", " + source;
    }

    /** "GP 1's cap of 25 is held to 20": what a cap above the limit comes to while action 1 is in force. */
    public String holds(String label, int cap) {
        return label + "'s cap of " + cap + " is held to " + contacts;
    }
}
