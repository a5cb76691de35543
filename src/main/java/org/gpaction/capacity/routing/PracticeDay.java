package org.gpaction.capacity.routing;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows behind one practice's day: its lock, its clinicians' caps and counts. */
@Repository
class PracticeDay {

    private final JdbcClient jdbc;

    PracticeDay(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the practice's lock for the day and answers NHS 111's bookings so far. The first request of a day also
     * creates the day's row and gives each clinician who works that weekday their usual cap, in the same statement.
     * Every decision and undo for the practice on that day goes through here first, so they queue one behind another
     * rather than both seeing the same room.
     */
    int lock(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        with locked as (
                            insert into capacity.practice_day (ods_code, day) values (:ods, :day)
                            on conflict (ods_code, day) do update set nhs111_booked = practice_day.nhs111_booked
                            returning nhs111_booked, (xmax = 0) as created
                        ), opened as (
                            insert into capacity.clinician_day (clinician_id, day, cap)
                            select c.id, :day, c.daily_cap from capacity.clinician c
                            where (select created from locked) and c.ods_code = :ods and c.retired_at is null
                              and :weekday = any (c.working_days)
                            on conflict (clinician_id, day) do nothing
                        )
                        select nhs111_booked from locked
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("weekday", day.getDayOfWeek().name())
                .query(Integer.class)
                .single();
    }

    List<ClinicianLoad> loads(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        select c.id, c.label, d.cap, d.used
                        from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.day = :day and c.retired_at is null
                        order by c.position, c.id
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .query((rs, row) ->
                        new ClinicianLoad(rs.getLong("id"), rs.getString("label"), rs.getInt("cap"), rs.getInt("used")))
                .list();
    }

    /**
     * What the day would look like without writing anything: clinicians who have a row for the day as they are,
     * the others who work that weekday at their usual cap with nothing booked.
     */
    List<ClinicianLoad> loadsWithoutOpening(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        select c.id, c.label, coalesce(d.cap, c.daily_cap) as cap, coalesce(d.used, 0) as used
                        from capacity.clinician c
                        left join capacity.clinician_day d on d.clinician_id = c.id and d.day = :day
                        where c.ods_code = :ods and c.retired_at is null
                          and (d.clinician_id is not null or :weekday = any (c.working_days))
                        order by c.position, c.id
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("weekday", day.getDayOfWeek().name())
                .query((rs, row) ->
                        new ClinicianLoad(rs.getLong("id"), rs.getString("label"), rs.getInt("cap"), rs.getInt("used")))
                .list();
    }

    /** Books one contact with the clinician; refuses (answers empty) rather than go over an enforced cap. */
    java.util.OptionalInt book(long clinicianId, LocalDate day, boolean capEnforced) {
        return jdbc.sql("""
                        update capacity.clinician_day set used = used + 1
                        where clinician_id = :id and day = :day and (not :enforced or used < cap)
                        returning used
                        """)
                .param("id", clinicianId)
                .param("day", Date.valueOf(day))
                .param("enforced", capEnforced)
                .query(Integer.class)
                .optional()
                .map(java.util.OptionalInt::of)
                .orElse(java.util.OptionalInt.empty());
    }

    void unbook(long clinicianId, LocalDate day) {
        jdbc.sql(
                        "update capacity.clinician_day set used = used - 1 where clinician_id = :id and day = :day and used > 0")
                .param("id", clinicianId)
                .param("day", Date.valueOf(day))
                .update();
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

    /** Sets one clinician's cap for one day, never below what is already booked: those contacts stay. */
    int changeCap(long clinicianId, LocalDate day, int cap) {
        return jdbc.sql("""
                        insert into capacity.clinician_day (clinician_id, day, cap, changed_for_day)
                        values (:id, :day, :cap, true)
                        on conflict (clinician_id, day) do update
                            set cap = greatest(excluded.cap, clinician_day.used), changed_for_day = true
                        returning cap
                        """)
                .param("id", clinicianId)
                .param("day", Date.valueOf(day))
                .param("cap", cap)
                .query(Integer.class)
                .single();
    }
}
