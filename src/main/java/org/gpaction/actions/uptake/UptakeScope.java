package org.gpaction.actions.uptake;

import java.util.Map;
import org.gpaction.practices.IcbNames;
import org.gpaction.practices.Practice;

/** Which practices a figure covers: all of England, or one LMC's, or one ICB's, or both. Null means any. */
public record UptakeScope(String lmc, String icb) {

    public boolean covers(Practice practice) {
        return (lmc == null || lmc.equalsIgnoreCase(practice.lmc()))
                && (icb == null || icb.equalsIgnoreCase(practice.icbCode()));
    }

    public String describe() {
        if (lmc == null && icb == null) {
            return "England";
        }
        if (icb == null) {
            return lmc;
        }
        return lmc == null ? "ICB " + icb : lmc + ", ICB " + icb;
    }

    /** As {@link #describe()}, with the ICB's name beside its code. */
    public String describe(Map<String, String> icbNames) {
        if (icb == null) {
            return describe();
        }
        String named = IcbNames.area(icb, icbNames);
        return lmc == null ? named : lmc + ", " + named;
    }
}
