package org.gpaction.capacity.routing;

import java.sql.Date;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A practice's day's own row: its lock, which every change to the day takes first, the count of changes a booking
 * written without the lock checks ({@link DayWrites}), and NHS 111's bookings that day.
 */
@Repository
class PracticeDay {

    private final JdbcClient jdbc;

    PracticeDay(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The day as its lock found it: NHS 111's bookings and how many changes it has had, this one included. */
    record Locked(int nhs111Booked, long changes) {}

    /**
     * Takes the practice's lock for the day, counts a change to it and answers NHS 111's bookings so far. The first
     * request of a day also creates the day's row and gives each clinician who works that weekday their usual cap, in
     * the same statement. Every change to the day's rows goes through here (or {@link DayWrites#bookIfUnchanged}) first, so
     * they queue one behind another rather than both seeing the same room.
     */
    Locked lock(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        with locked as (
                            insert into capacity.practice_day (ods_code, day) values (:ods, :day)
                            on conflict (ods_code, day) do update set changes = practice_day.changes + 1
                            returning nhs111_booked, changes, (xmax = 0) as created
                        ), opened as (
                            insert into capacity.clinician_day (clinician_id, day, cap)
                            select c.id, :day, c.daily_cap from capacity.clinician c
                            where (select created from locked) and c.ods_code = :ods and c.retired_at is null
                              and :weekday = any (c.working_days)
                            on conflict (clinician_id, day) do nothing
                        )
                        select nhs111_booked, changes from locked
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("weekday", day.getDayOfWeek().name())
                .query((rs, row) -> new Locked(rs.getInt("nhs111_booked"), rs.getLong("changes")))
                .single();
    }

    /**
     * Takes the practice's lock for the day and counts a change to it if the day's row is committed, answering whether
     * it was; a day not begun is not opened. For a change meant for a day to come, which may have begun since its
     * caller looked (sent as midnight passed): begun, its bookings hold only while it has had no change. A row being
     * inserted by a first request not yet committed is neither seen nor waited for: that day is answered not begun,
     * and a booking on it read before the caller commits can be written after the caller's change.
     */
    boolean lockIfBegun(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        update capacity.practice_day set changes = changes + 1
                        where ods_code = :ods and day = :day
                        """)
                        .param("ods", odsCode)
                        .param("day", Date.valueOf(day))
                        .update()
                > 0;
    }

    void countNhs111(String odsCode, LocalDate day, int change) {
        jdbc.sql("""
                        update capacity.practice_day set nhs111_booked = greatest(0, nhs111_booked + :change)
                        where ods_code = :ods and day = :day
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("change", change)
                .update();
    }
}
