package org.gpaction.capacity.routing;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.gpaction.capacity.setup.CapLimit;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which days ahead have room for routine need: those whose clinicians' caps (the usual ones on the days each works, or
 * as changed for that day) come to more than the urgent reserve. A day whose clinicians are all off, or whose caps
 * come only to the reserve, is passed over alike by the board's and the front door's "opens again" and by the day a
 * request is put on the waiting list for. The waiting list's day also passes over a day whose room is all held by the
 * requests its list holds already, its own and those carried onto it from earlier lists ({@link #forWaitingList}), so no
 * day is promised to more patients than it has room for. Each cap is held to the limit given, as it is while action 1
 * is in force ({@link CapLimit#heldTo(int, Integer)}).
 */
@Repository
class RoomAhead {

    private final JdbcClient jdbc;

    RoomAhead(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The rule for days from {@code day} up to {@link PracticeSetups#HOLIDAYS_AROUND} days on, in one read.
     *
     * @param capLimit the most any cap is ({@link DayFacts#capLimit}), or null
     */
    Predicate<LocalDate> from(PracticeSetup setup, LocalDate day, Integer capLimit) {
        ToIntFunction<LocalDate> room = routineRoomFrom(setup, day, capLimit);
        return on -> room.applyAsInt(on) > 0;
    }

    /**
     * Each day's room for routine need by its caps, from {@code day} up to {@link PracticeSetups#HOLIDAYS_AROUND} days
     * on, in one read: what the caps come to beyond the urgent reserve, 0 when they come to no more.
     *
     * @param capLimit the most any cap is, or null
     */
    ToIntFunction<LocalDate> routineRoomFrom(PracticeSetup setup, LocalDate day, Integer capLimit) {
        Map<LocalDate, Map<Long, Integer>> changed = new HashMap<>();
        jdbc.sql("""
                        select d.day, d.clinician_id, d.cap
                        from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and c.retired_at is null and d.day between :from and :to
                        """)
                .param("ods", setup.odsCode())
                .param("from", Date.valueOf(day))
                .param("to", Date.valueOf(day.plusDays(PracticeSetups.HOLIDAYS_AROUND)))
                .query((rs, row) -> changed.computeIfAbsent(rs.getDate("day").toLocalDate(), d -> new HashMap<>())
                        .put(rs.getLong("clinician_id"), rs.getInt("cap")))
                .list();
        return on -> routineRoom(setup, changed.getOrDefault(on, Map.of()), on, capLimit);
    }

    /**
     * The rule for the day a request beyond {@code day}'s room is promised, from the day after it on: room left by its
     * caps (as {@link #routineRoomFrom} read them, from {@code day} or before) beyond the places its list holds
     * already ({@link #placesHeldAfter}).
     */
    Predicate<LocalDate> forWaitingList(
            ToIntFunction<LocalDate> routineRoom, PracticeCalendar calendar, String odsCode, LocalDate day) {
        Map<LocalDate, Integer> held = placesHeldAfter(routineRoom, calendar, odsCode, day);
        return on -> routineRoom.applyAsInt(on) > held.getOrDefault(on, 0);
    }

    /**
     * The places the lists of the working days after {@code day} hold, by day ({@link Router#placesHeldAfter}): the
     * requests still waiting that were put on their lists, and those put on the lists of {@code day} and the days
     * before it as far back as they are carried, in one read.
     */
    Map<LocalDate, Integer> placesHeldAfter(
            ToIntFunction<LocalDate> routineRoom, PracticeCalendar calendar, String odsCode, LocalDate day) {
        return Router.placesHeldAfter(
                calendar,
                day,
                routineRoom,
                waiting(
                        odsCode,
                        Router.waitingListCarriedFrom(calendar, day),
                        day.plusDays(PracticeSetups.HOLIDAYS_AROUND)));
    }

    /**
     * The requests put on the waiting lists of the days from {@code from} to {@code to}, by day, that still wait:
     * neither undone nor booked from a list (a booking undone lets its request wait again).
     */
    NavigableMap<LocalDate, Integer> waiting(String odsCode, LocalDate from, LocalDate to) {
        NavigableMap<LocalDate, Integer> waiting = new TreeMap<>();
        jdbc.sql("""
                        select r.waitlisted_for, count(*) as waiting
                        from capacity.contact_request r
                        where r.ods_code = :ods and r.waitlisted_for between :from and :to and r.undone_at is null
                          and not exists (
                              select 1 from capacity.contact_request b
                              where b.served_from = r.id and b.undone_at is null)
                        group by r.waitlisted_for
                        """)
                .param("ods", odsCode)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .query((rs, row) -> waiting.put(rs.getDate("waitlisted_for").toLocalDate(), rs.getInt("waiting")))
                .list();
        return waiting;
    }

    private static int routineRoom(
            PracticeSetup setup, Map<Long, Integer> changedCaps, LocalDate on, Integer capLimit) {
        int caps = setup.clinicians().stream()
                .mapToInt(c -> changedCaps.getOrDefault(
                        c.id(), c.workingDays().contains(on.getDayOfWeek()) ? c.dailyCap() : 0))
                .map(cap -> CapLimit.heldTo(cap, capLimit))
                .sum();
        return Router.hasRoutineRoom(caps, setup.urgentReserve()) ? caps - setup.urgentReserve() : 0;
    }
}
