package org.gpaction.capacity.setup;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.gpaction.actions.DailyContactLimit;
import org.gpaction.common.UkTime;

/**
 * The most a clinician's cap may be, usual or for one day, and where that figure comes from: action 1's daily contact
 * limit on the menu in force, or, when the menu sets none, the safe maximum every cap is held to. While the practice
 * has action 1 in force, each cap is held to it.
 *
 * <p>The rule is written once in SQL, as capacity.cap_limit and capacity.cap_held_to (capacity migration V27), for
 * every statement that holds a cap; the board reads the day's limit from capacity.cap_limit too
 * ({@link CapLimits#inForce}). {@link #of} and {@link #heldTo(int, Integer)} are its mirror in Java, for caps held in
 * memory only: loads read as arrays, the days ahead, a set-up being checked.
 *
 * @param source where the figure comes from, in words that follow it: "20, the daily contact limit of action 1 …"
 */
public record CapLimit(int contacts, String source) {

    /** The limit the menu sets, never above the safe maximum (as capacity.cap_limit while action 1 is in force). */
    public static CapLimit of(Optional<DailyContactLimit> onMenu) {
        return namedBy(
                onMenu.map(limit -> Math.min(limit.contacts(), Clinician.SAFE_MAXIMUM))
                        .orElse(Clinician.SAFE_MAXIMUM),
                onMenu);
    }

    /** The limit as capacity.cap_limit gave it ({@link CapLimits#inForce}), named by the menu it was read with. */
    static CapLimit namedBy(int contacts, Optional<DailyContactLimit> onMenu) {
        return new CapLimit(
                contacts,
                onMenu.map(limit -> "the daily contact limit of action 1 on the action menu in force (version "
                                + limit.menuVersion() + ", published " + UkTime.day(limit.publishedOn()) + ")")
                        .orElse("the safe maximum (UEMO), as action 1 on the action menu in force sets no daily"
                                + " contact limit"));
    }

    /**
     * A cap held to {@code limit}, the most any cap is while action 1 is in force (null for none, when it is not), as
     * capacity.cap_held_to holds it: the limit when the cap is above it.
     */
    public static int heldTo(int cap, Integer limit) {
        return limit == null ? cap : Math.min(cap, limit);
    }

    /** A cap as this limit holds it while action 1 is in force. */
    int held(int cap) {
        return heldTo(cap, contacts);
    }

    /** "from 0 to 20, the daily contact limit of action 1 …": the range a cap is given in, and why it ends there. */
    public String range() {
        return range("0");
    }

    /** As {@link #range()}, saying what its least cap means: "from 0 (no new contacts) to 20, …". */
    public String range(String least) {
        return "from " + least + " to " + contacts + ", " + source;
    }

    /**
     * "GP 1's cap of 25 is held to 20" for each clinician, in the order given, whose cap is above the limit: what each
     * comes to while action 1 is in force.
     */
    public <T> List<String> holds(List<T> clinicians, Function<T, String> label, ToIntFunction<T> cap) {
        return clinicians.stream()
                .filter(clinician -> held(cap.applyAsInt(clinician)) < cap.applyAsInt(clinician))
                .map(clinician ->
                        label.apply(clinician) + "'s cap of " + cap.applyAsInt(clinician) + " is held to " + contacts)
                .toList();
    }
}
