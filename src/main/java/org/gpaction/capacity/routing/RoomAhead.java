package org.gpaction.capacity.routing;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which days ahead have room for routine need: those whose clinicians' caps (the usual ones on the days each works, or
 * as changed for that day) come to more than the urgent reserve. A day whose clinicians are all off, or whose caps
 * come only to the reserve, is passed over alike by the board's and the front door's "opens again" and by the day a
 * request is put on the waiting list for.
 */
@Repository
class RoomAhead {

    private final JdbcClient jdbc;

    RoomAhead(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The rule for days from {@code day} up to {@link PracticeSetups#HOLIDAYS_AROUND} days on, in one read. */
    Predicate<LocalDate> from(PracticeSetup setup, LocalDate day) {
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
        return on -> hasRoom(setup, changed.getOrDefault(on, Map.of()), on);
    }

    private static boolean hasRoom(PracticeSetup setup, Map<Long, Integer> changedCaps, LocalDate on) {
        int caps = setup.clinicians().stream()
                .mapToInt(c -> changedCaps.getOrDefault(
                        c.id(), c.workingDays().contains(on.getDayOfWeek()) ? c.dailyCap() : 0))
                .sum();
        return Router.hasRoutineRoom(caps, setup.urgentReserve());
    }
}
