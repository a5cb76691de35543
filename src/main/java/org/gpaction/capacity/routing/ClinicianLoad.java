package org.gpaction.capacity.routing;

/** One clinician's day so far: the cap in force and the contacts booked. */
public record ClinicianLoad(long id, String label, int cap, int used) {

    public int room() {
        return Math.max(0, cap - used);
    }

    public boolean isFull() {
        return used >= cap;
    }
}
