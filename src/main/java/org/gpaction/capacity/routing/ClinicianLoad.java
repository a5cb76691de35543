package org.gpaction.capacity.routing;

import org.gpaction.capacity.setup.CapLimit;

/**
 * One clinician's day so far: the cap in force and the contacts booked.
 *
 * @param off asked off for the day (a cap of 0): the cap in force is then what was already booked, so this, not the
 *     cap, says they take nothing new
 */
public record ClinicianLoad(long id, String label, int cap, int used, boolean off) {

    public ClinicianLoad(long id, String label, int cap, int used) {
        this(id, label, cap, used, false);
    }

    public int room() {
        return Math.max(0, cap - used);
    }

    public boolean isFull() {
        return used >= cap;
    }

    /**
     * Whether a new contact may be booked with them at all, cap in force or not: a clinician off today (off sick, on
     * leave) is not at work to see the patient.
     */
    public boolean takesNewContacts() {
        return !off && cap > 0;
    }

    /**
     * The same day with its cap held to {@code limit}, the most any cap is while action 1 is in force (null for none,
     * when it is not; {@link CapLimit#heldTo(int, Integer)}): a cap set above a limit the menu lowered since is the
     * limit. Those already booked stay, as when a cap is lowered for the day.
     */
    public ClinicianLoad heldTo(Integer limit) {
        int held = CapLimit.heldTo(cap, limit);
        return held == cap ? this : new ClinicianLoad(id, label, held, used, off);
    }

    /** The same day with one more contact booked. */
    public ClinicianLoad withOneMore() {
        return new ClinicianLoad(id, label, cap, used + 1, off);
    }
}
