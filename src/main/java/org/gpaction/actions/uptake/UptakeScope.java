package org.gpaction.actions.uptake;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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

    /** The same LMC, and the ICB given (null for any). */
    public UptakeScope withIcb(String icbCode) {
        return new UptakeScope(lmc, icbCode);
    }

    /**
     * The address of an uptake page or download at {@code path} for this scope on the day, naming only the filters it
     * has: a filter left out is no parameter, not one with an empty value, which a link expression writes for null.
     */
    public String link(String path, LocalDate on) {
        StringBuilder link = new StringBuilder(path);
        char next = '?';
        if (lmc != null) {
            link.append(next).append("lmc=").append(URLEncoder.encode(lmc, StandardCharsets.UTF_8));
            next = '&';
        }
        if (icb != null) {
            link.append(next).append("icb=").append(URLEncoder.encode(icb, StandardCharsets.UTF_8));
            next = '&';
        }
        return link.append(next).append("on=").append(on).toString();
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
