package org.gpaction.capacity.routing;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The practice's clinicians' days: who works one and their loads, a contact given back, and a day's cap changed (today
 * under the day's lock, a day to come under the set-up's, and under its day's lock too if it has begun).
 */
@Repository
class ClinicianDays {

    private final JdbcClient jdbc;

    ClinicianDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the clinician is one of the practice's, not removed from its set-up. */
    boolean hasClinician(String odsCode, long clinicianId) {
        return jdbc.sql("""
                        select exists (select 1 from capacity.clinician
                                       where id = :id and ods_code = :ods and retired_at is null)
                        """)
                .param("id", clinicianId)
                .param("ods", odsCode)
                .query(Boolean.class)
                .single();
    }

    List<ClinicianLoad> loads(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        select c.id, c.label, d.cap, d.used, coalesce(d.asked_cap = 0, false) as off
                        from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.day = :day and c.retired_at is null
                        order by c.position, c.id
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .query((rs, row) -> load(rs))
                .list();
    }

    /**
     * What the day would look like without writing anything. A day that has started (it has its row) is the clinicians
     * who had a row for it, as {@link #facts} reads them, and a day gone by keeps those removed since it began (one
     * removed at 15:00 worked its morning); a day not yet
     * started is those with a row for it (a cap changed ahead) and the others who work that weekday at their usual cap
     * with nothing booked.
     */
    List<ClinicianLoad> loadsWithoutOpening(String odsCode, LocalDate day, Instant now) {
        return jdbc.sql("""
                        select c.id, c.label, coalesce(d.cap, c.daily_cap) as cap, coalesce(d.used, 0) as used,
                          coalesce(d.asked_cap = 0, false) as off
                        from (select * from capacity.clinician where ods_code = :ods and retired_at is null
                              union all
                              select * from capacity.clinician where ods_code = :ods
                                and retired_at >= case when cast(:dayEnds as timestamptz) <= cast(:now as timestamptz)
                                                       then cast(:dayStarts as timestamptz)
                                                       else cast(:dayEnds as timestamptz) end) c
                        left join capacity.clinician_day d on d.clinician_id = c.id and d.day = :day
                        left join capacity.practice_day pd on pd.ods_code = :ods and pd.day = :day
                        where d.clinician_id is not null or (pd.day is null and :weekday = any (c.working_days))
                        order by c.position, c.id
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param(
                        "dayEnds",
                        Timestamp.from(day.plusDays(1).atStartOfDay(UkTime.ZONE).toInstant()))
                .param("dayStarts", Timestamp.from(day.atStartOfDay(UkTime.ZONE).toInstant()))
                .param("now", Timestamp.from(now))
                .param("weekday", day.getDayOfWeek().name())
                .query((rs, row) -> load(rs))
                .list();
    }

    private static ClinicianLoad load(ResultSet rs) throws SQLException {
        return new ClinicianLoad(
                rs.getLong("id"), rs.getString("label"), rs.getInt("cap"), rs.getInt("used"), rs.getBoolean("off"));
    }

    /**
     * Gives a clinician's day one contact back. A cap held above the one asked for, because more were booked when it
     * was lowered (a clinician sent home with 10 booked), comes down with it: the contact given back is not room for a
     * new one beyond what was asked; nor is one given back to a clinician who no longer works that day.
     */
    void unbook(long clinicianId, LocalDate day) {
        jdbc.sql("""
                        update capacity.clinician_day d
                        set used = d.used - 1,
                            cap = least(d.cap, greatest(d.used - 1,
                                case when d.changed_for_day or d.asked_cap = 0 then coalesce(d.asked_cap, d.cap)
                                     else c.daily_cap end))
                        from capacity.clinician c
                        where c.id = d.clinician_id and d.clinician_id = :id and d.day = :day and d.used > 0
                        """).param("id", clinicianId).param("day", Date.valueOf(day)).update();
    }

    /** A clinician's day after a change of its cap: the cap in force and the contacts booked. */
    record Capped(int cap, int used) {}

    /**
     * Sets one clinician's cap for one day, never below what is already booked: those contacts stay. The cap asked for
     * is kept beside it, so a clinician asked off shows as off and not merely full.
     */
    Capped changeCap(long clinicianId, LocalDate day, int cap) {
        return jdbc.sql("""
                        insert into capacity.clinician_day (clinician_id, day, cap, changed_for_day, asked_cap)
                        values (:id, :day, :cap, true, :cap)
                        on conflict (clinician_id, day) do update
                            set cap = greatest(excluded.cap, clinician_day.used), changed_for_day = true,
                                asked_cap = excluded.asked_cap
                        returning cap, used
                        """)
                .param("id", clinicianId)
                .param("day", Date.valueOf(day))
                .param("cap", cap)
                .query((rs, row) -> new Capped(rs.getInt("cap"), rs.getInt("used")))
                .single();
    }

    /** Counts a change to the caps of a day ahead, which routing keeps the day its waiting list is for by. */
    void countDayCapsChange(String odsCode) {
        jdbc.sql("update capacity.practice_setup set day_caps_changes = day_caps_changes + 1 where ods_code = :ods")
                .param("ods", odsCode)
                .update();
    }

    /** The practice's clinicians asked off for the day: cap 0, those already booked staying. */
    Set<Long> offOn(String odsCode, LocalDate day) {
        return new HashSet<>(jdbc.sql("""
                        select d.clinician_id
                        from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.day = :day and d.asked_cap = 0
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .query(Long.class)
                .list());
    }
}
