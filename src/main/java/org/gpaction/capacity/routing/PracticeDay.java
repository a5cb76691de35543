package org.gpaction.capacity.routing;

import java.sql.Date;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A practice's day's own row: its lock, which every change to the day takes first, the count of changes a booking
 * written without the lock checks ({@link DayWrites}), and NHS 111's bookings that day. Taking the lock may insert the
 * row, which nothing else can wait for until it commits, so it first takes the day's opening lock: a transaction-level
 * advisory lock keyed on the practice and the day, which a change made for a day to come takes too ({@link
 * #lockIfBegun}). It is always taken before the day's row, never after it. A save of the set-up opens today's row
 * without it, holding the set-up first, as such a change does, so the two never overlap.
 */
@Repository
class PracticeDay {

    /**
     * The key of the day's opening lock: the practice, seeded with the day as a number. Never the bound date as text,
     * which the driver sends with the JVM's UTC offset ('2027-07-14 +01'), so two instances in different time zones
     * would take different locks.
     */
    static final String OPENING_KEY =
            "hashtextextended('capacity.practice_day:' || :ods, cast(:day as date) - date '2000-01-01')";

    /** The day's opening lock, held until the transaction ends. */
    private static final String OPENING_LOCK = "pg_advisory_xact_lock(" + OPENING_KEY + ")";

    private final JdbcClient jdbc;

    PracticeDay(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The day as its lock found it: NHS 111's bookings and how many changes it has had, this one included. */
    record Locked(int nhs111Booked, long changes) {}

    /**
     * Takes the practice's lock for the day, counts a change to it and answers NHS 111's bookings so far. The first
     * request of a day also creates the day's row and gives each clinician who works that weekday their usual cap, in
     * the same statement. Every change to the day's rows goes through here (or {@link DayWrites#bookIfUnchanged})
     * first, so they queue one behind another rather than both seeing the same room.
     */
    Locked lock(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        with locked as (
                            insert into capacity.practice_day (ods_code, day)
                            select :ods, :day from (select %s) opening
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
                        """.formatted(OPENING_LOCK))
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("weekday", day.getDayOfWeek().name())
                .query((rs, row) -> new Locked(rs.getInt("nhs111_booked"), rs.getLong("changes")))
                .single();
    }

    /**
     * Takes the practice's lock for the day and counts a change to it if the day has begun, answering whether it has; a
     * day not begun is not opened, nor can a request open it until the caller's transaction ends. For a change meant
     * for a day to come, which may have begun since its caller looked (sent as midnight passed): begun, its bookings
     * hold only while it has had no change. The day's opening lock is taken first, so a first request opening the day
     * as this runs is waited for and its row found; a request opening it after this waits until the caller commits,
     * and then reads the day as the caller left it.
     */
    boolean lockIfBegun(String odsCode, LocalDate day) {
        // A statement of its own: the update reads the day as it stands when it starts, after an opener is waited for.
        jdbc.sql("select " + OPENING_LOCK)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .query((rs, row) -> 1)
                .single();
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
