package org.gpaction.capacity.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.practices.Practice;

/**
 * Everything one decision reads, taken in one statement: without any lock, or holding the day's lock to decide under it
 * ({@link DecidingTogether#factsUnderLock}).
 *
 * @param capLimit while action 1 is in force, the most any clinician's cap is (capacity.cap_limit): its daily contact
 *     limit on the menu, never above 25; every cap is held to it (their loads have it already), and a write holds them
 *     to it too; null exactly when action 1 is not in force
 * @param opened whether the day's row exists (its first request opens it, under the lock)
 * @param changes how many changes the day has had: a booking written with {@link DayWrites#bookIfUnchanged} holds
 *     only while this has not moved
 * @param waitingListDays the days requests beyond the day's room wait for ({@link WaitingListDays#promising}), a new
 *     count of them for each decision or batch of requests decided together
 */
record DayFacts(
        PracticeSetup setup,
        PracticeCalendar calendar,
        Integer capLimit,
        boolean frontDoorPaused,
        boolean opened,
        long changes,
        int nhs111Booked,
        List<ClinicianLoad> clinicians,
        WaitingListCount waitingListDays) {

    /** Whether action 1 is in force, so each cap is held to {@link #capLimit}: exactly while there is a limit. */
    boolean capEnforced() {
        return capLimit != null;
    }

    /**
     * Starts counting the days requests beyond the day's room wait for, afresh for one decision or one batch decided
     * together; the count reads nothing until a request is to be waitlisted.
     */
    @FunctionalInterface
    interface WaitingListCount {
        Supplier<Optional<LocalDate>> start();
    }

    /**
     * What the {@link Router} decides a request from: these facts, with the clinicians' loads, the NHS 111 bookings and
     * the waiting list's days as they stand for this request (after those decided before it from the same read).
     */
    Router.Situation situation(
            Practice practice,
            Router.Request request,
            Instant now,
            LocalDate day,
            List<ClinicianLoad> loads,
            int nhs111BookedNow,
            Supplier<Optional<LocalDate>> waitingListDay) {
        return new Router.Situation(
                calendar.isOpenAt(now),
                request.channel() == Channel.ONLINE && frontDoorPaused,
                capEnforced(),
                setup.countAdmin(),
                setup.urgentReserve(),
                setup.whenFull(),
                loads,
                nhs111BookedNow,
                Routing.nhs111Allowance(practice),
                waitingListDay);
    }
}
