package org.gpaction.capacity.routing;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.WhenFull;

/**
 * Gives a request exactly one outcome from the practice's situation at that moment. Pure: the caller records a booking
 * only if the practice's day is still as it read it, or decides under the day's lock (see {@link Routing}), so two
 * decisions never book the same room. A waiting-list day is a promise, not a booking, and is not guarded so
 * (see {@link WaitingListDays}). Each rule is named in the order it applies.
 */
public final class Router {

    /**
     * Everything a decision depends on.
     *
     * @param waitingListDay the working day a request beyond today's room waits for, empty when none comes within a
     *     month; asked for only when a request is put on the waiting list, so a decision with room looks nothing up
     */
    public record Situation(
            boolean inCoreHours,
            boolean frontDoorSuspended,
            boolean capEnforced,
            boolean countAdmin,
            int urgentReserve,
            WhenFull whenFull,
            List<ClinicianLoad> clinicians,
            int nhs111Booked,
            int nhs111Allowance,
            Supplier<Optional<LocalDate>> waitingListDay) {

        public Situation {
            clinicians = List.copyOf(clinicians);
        }

        public int room() {
            return clinicians.stream().mapToInt(ClinicianLoad::room).sum();
        }

        /** Room for routine need: what is left once the urgent reserve is kept back. */
        public int routineRoom() {
            return Math.max(0, room() - urgentReserve);
        }
    }

    /**
     * @param formClaim the claim a form's sending made on its value (see FormsOnce), recorded with the request so
     *     that the form sent again finds it; null for a request sent without one
     */
    public record Request(Channel channel, RequestKind kind, Long clinicianId, UUID formClaim) {

        public Request(Channel channel, RequestKind kind, Long clinicianId) {
            this(channel, kind, clinicianId, null);
        }
    }

    public sealed interface Decision {}

    /**
     * @param clinician null when the request uses no clinician's capacity (admin requests not counted, or nobody at
     *     work before action 1)
     */
    public record Booked(ClinicianLoad clinician) implements Decision {}

    public record Diverted(DiversionReason reason) implements Decision {}

    public record Waitlisted(LocalDate forDay) implements Decision {}

    private Router() {}

    public static Decision decide(Situation situation, Request request) {
        if (!situation.inCoreHours()) {
            return new Diverted(DiversionReason.OUTSIDE_CORE_HOURS);
        }
        if (request.channel() == Channel.ONLINE && situation.frontDoorSuspended()) {
            return new Diverted(DiversionReason.SUSPENDED);
        }
        // An admin request the practice does not count is no appointment, so NHS 111's allowance of same-day
        // appointments neither turns it away nor is used by it (see takesNhs111Appointment).
        if (request.kind() == RequestKind.ADMIN && !situation.countAdmin()) {
            return new Booked(null);
        }
        // Like every limit, NHS 111's allowance diverts nobody until the practice has safe working in force.
        if (request.channel() == Channel.NHS111
                && situation.capEnforced()
                && situation.nhs111Booked() >= situation.nhs111Allowance()) {
            return new Diverted(DiversionReason.NHS111_ALLOWANCE_USED);
        }
        // Before action 1 is in force nobody is turned away for want of room; with nobody at work today the request is
        // still counted, with no clinician, as on a day nobody works.
        if (!situation.capEnforced()) {
            return new Booked(mostRoom(situation, request, false).orElse(null));
        }
        if (request.kind() == RequestKind.URGENT) {
            return mostRoom(situation, request, true)
                    .<Decision>map(Booked::new)
                    .orElseGet(() -> new Diverted(DiversionReason.FULL));
        }
        if (situation.routineRoom() > 0) {
            return new Booked(mostRoom(situation, request, true).orElseThrow());
        }
        return beyondCapacity(situation, request);
    }

    /**
     * Routine need beyond safe capacity: reception puts it on the waiting list of the next working day with room (BMA
     * safe working), as does the online front door when the practice chose to stay open; NHS 111 books only for today.
     */
    private static Decision beyondCapacity(Situation situation, Request request) {
        boolean waitlist = switch (request.channel()) {
            case RECEPTION -> true;
            case ONLINE -> situation.whenFull() == WhenFull.STAY_OPEN_SIGNPOST;
            case NHS111 -> false;
        };
        if (!waitlist) {
            return new Diverted(DiversionReason.FULL);
        }
        return situation
                .waitingListDay()
                .get()
                .<Decision>map(Waitlisted::new)
                .orElseGet(() -> new Diverted(DiversionReason.FULL));
    }

    /**
     * Whether a request booked takes one of NHS 111's same-day appointments for the day: one from NHS 111 booked with a
     * clinician, or with nobody at work before action 1 is in force, but not an admin request booked with no clinician
     * (the practice does not count it, or nobody is at work), which is no appointment. Booking and undoing count by it.
     */
    public static boolean takesNhs111Appointment(Channel channel, RequestKind kind, boolean withClinician) {
        return channel == Channel.NHS111 && (withClinician || kind != RequestKind.ADMIN);
    }

    /**
     * Whether a booking leaves the practice no room for routine need with action 1 in force: what is left, if anything,
     * is the urgent reserve, so from this booking the practice is full (the online front door shows it full, and
     * routine requests beyond it go on the waiting list or are signposted) though it has turned nobody away yet. The
     * evidence counts the practice full from here ({@link FullSpans}), as the replay does.
     */
    public static boolean fills(Situation situation, Decision decision) {
        // With action 1 in force a clinician is booked only with room, so the booking takes one from the day's room.
        return situation.capEnforced()
                && decision instanceof Booked booked
                && booked.clinician() != null
                && situation.room() - 1 <= situation.urgentReserve();
    }

    /**
     * Whether a day has room for routine need at all: its clinicians' caps come to more than the urgent reserve. A day
     * without it is passed over for the waiting list (and by the live router's {@code RoomAhead} and the replay alike).
     */
    public static boolean hasRoutineRoom(int caps, int urgentReserve) {
        return caps > urgentReserve;
    }

    /** How many working days back a request not yet booked is carried onto a day's waiting list. */
    public static final int WAITING_LIST_CARRIED_WORKING_DAYS = 5;

    /**
     * The first day whose waiting list is carried onto {@code day}'s: the first of the working days carried (at most 31
     * days back), {@code day} itself when none is. Requests put on an older day's list are no longer carried (the live
     * list's {@code WaitingListForDay} and the replay alike).
     */
    public static LocalDate waitingListCarriedFrom(PracticeCalendar calendar, LocalDate day) {
        return calendar.firstOfWorkingDaysBefore(day, WAITING_LIST_CARRIED_WORKING_DAYS);
    }

    /**
     * The places the waiting lists of the working days after {@code day} hold, by day. {@code waiting} counts the
     * requests still waiting by the day whose list each was put on, {@code day}'s and earlier days' included. A list is
     * worked oldest first, so those still waiting on {@code day} (which has no room left for routine need, or nobody
     * would be put on a list) are carried onto the next working day's list ahead of its own requests; whatever a day's
     * room cannot take, carried or its own, is carried on to the next working day, as far as the list carries each
     * ({@link #waitingListCarriedFrom}). A day holds the places of every request on its list that way, and a day whose
     * list holds as many as its room for routine need, or more, is promised to nobody else: the live router, the board
     * and the replay all count by it.
     */
    public static Map<LocalDate, Integer> placesHeldAfter(
            PracticeCalendar calendar,
            LocalDate day,
            ToIntFunction<LocalDate> routineRoom,
            NavigableMap<LocalDate, Integer> waiting) {
        Map<LocalDate, Integer> held = new HashMap<>();
        // The places are counted as far as a waiting-list day is looked for; later days keep only their own lists.
        LocalDate last = day.plusDays(PracticeCalendar.LOOK_AHEAD_DAYS);
        NavigableMap<LocalDate, Integer> onList = new TreeMap<>(waiting.headMap(day, true));
        for (LocalDate next = day.plusDays(1);
                !next.isAfter(last)
                        && !(onList.isEmpty() && waiting.tailMap(next, true).isEmpty());
                next = next.plusDays(1)) {
            Integer own = waiting.get(next);
            if (own != null) {
                onList.merge(next, own, Integer::sum);
            }
            if (!calendar.isWorkingDay(next)) {
                // A list on a day no longer worked (made a holiday since) holds its own places there, and its
                // requests are carried onto the next working day's list as well.
                if (own != null) {
                    held.put(next, own);
                }
                continue;
            }
            onList.headMap(waitingListCarriedFrom(calendar, next), false).clear();
            int listed = onList.values().stream().mapToInt(Integer::intValue).sum();
            if (listed > 0) {
                held.put(next, listed);
            }
            for (int served = routineRoom.applyAsInt(next); served > 0 && !onList.isEmpty(); ) {
                Map.Entry<LocalDate, Integer> oldest = onList.pollFirstEntry();
                if (oldest.getValue() > served) {
                    onList.put(oldest.getKey(), oldest.getValue() - served);
                }
                served -= oldest.getValue();
            }
        }
        waiting.tailMap(last, false).forEach(held::put);
        return held;
    }

    /**
     * Who is booked when reception chooses nobody (or someone who cannot take the contact): whoever has most room left
     * under their cap, so a clinician with a small cap (a half day, a locum) does not fill first; between those with
     * the same room, whoever has fewer booked, then the first in the set-up. The live router, the waiting list's
     * bookings and the replay all choose by it.
     */
    public static final Comparator<ClinicianLoad> MOST_ROOM_FIRST =
            Comparator.comparingInt(ClinicianLoad::room).reversed().thenComparingInt(ClinicianLoad::used);

    /**
     * The clinician asked for if they can take the contact, otherwise whoever has most room ({@link #MOST_ROOM_FIRST}).
     * A clinician off today is never booked, cap in force or not; with the cap in force, nor is one without room.
     */
    private static Optional<ClinicianLoad> mostRoom(Situation situation, Request request, boolean needsRoom) {
        if (request.clinicianId() != null) {
            Optional<ClinicianLoad> chosen = situation.clinicians().stream()
                    .filter(c -> c.id() == request.clinicianId())
                    .filter(c -> canBook(c, needsRoom))
                    .findFirst();
            if (chosen.isPresent()) {
                return chosen;
            }
        }
        return situation.clinicians().stream()
                .filter(c -> canBook(c, needsRoom))
                .min(MOST_ROOM_FIRST);
    }

    private static boolean canBook(ClinicianLoad clinician, boolean needsRoom) {
        return clinician.takesNewContacts() && (!needsRoom || clinician.room() > 0);
    }
}
