package org.gpaction.capacity.setup;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Each practice's safe working set-up as routing and the pages read it; {@link SaveSetup} saves it. */
@Service
public class PracticeSetups {

    private final JdbcClient jdbc;

    PracticeSetups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A set-up's columns, from {@code capacity.practice_setup s}, for a statement that reads the set-up beside other
     * rows; {@link #read} makes the set-up from them.
     */
    public static final String COLUMNS = """
            s.ods_code, s.count_admin, s.urgent_reserve, s.when_full, s.icb_agreed_closure_on,
            s.online_consultation_url, s.core_hours::text as core_hours, s.signposts::text as signposts,
            s.when_full_chosen_by, s.when_full_chosen_at, s.version,
            (select coalesce(json_agg(json_build_object('id', c.id, 'label', c.label, 'role', c.role,
                         'dailyCap', c.daily_cap, 'workingDays', c.working_days)
                         order by c.position, c.id), '[]')
             from capacity.clinician c
             where c.ods_code = s.ods_code and c.retired_at is null)::text as clinicians
            """;

    public Optional<PracticeSetup> find(String odsCode) {
        return jdbc.sql("select " + COLUMNS + " from capacity.practice_setup s where ods_code = :ods")
                .param("ods", odsCode)
                .query((rs, row) -> read(rs))
                .optional();
    }

    /** A set-up and the number its last save took: a later save always has another. */
    public record Versioned(long version, PracticeSetup setup) {}

    public Optional<Versioned> findVersioned(String odsCode) {
        return jdbc.sql("select " + COLUMNS + " from capacity.practice_setup s where ods_code = :ods")
                .param("ods", odsCode)
                .query((rs, row) -> new Versioned(rs.getLong("version"), read(rs)))
                .optional();
    }

    /** The set-up in a row read with {@link #COLUMNS}. */
    public static PracticeSetup read(ResultSet rs) throws SQLException {
        return setup(rs, SetupJson.clinicians(rs.getString("clinicians")));
    }

    /**
     * Holds the practice's set-up until the caller's transaction ends, as a save does before anything else: a change
     * that takes the practice's clinicians after this never takes them in another order than a save running beside it.
     * False if the practice has no set-up yet.
     */
    public boolean hold(String odsCode) {
        return jdbc.sql("select ods_code from capacity.practice_setup where ods_code = :ods for update")
                .param("ods", odsCode)
                .query(String.class)
                .optional()
                .isPresent();
    }

    private static final String HAS_ROUTINE_ROOM = """
            with held as materialized (
                select %s as cap_limit
            )
            select h.cap_limit is null
                   or coalesce((select sum(greatest(capacity.cap_held_to(coalesce(d.cap, c.daily_cap),
                                                                         h.cap_limit)
                                                    - coalesce(d.used, 0), 0))
                                from capacity.clinician c
                                left join capacity.clinician_day d on d.clinician_id = c.id and d.day = :day
                                where c.ods_code = s.ods_code and c.retired_at is null
                                  and (d.clinician_id is not null
                                       or (not :opened and :weekday = any (c.working_days)))), 0)
                      > s.urgent_reserve
            from capacity.practice_setup s cross join held h
            where s.ods_code = :ods
            """.formatted(CapLimits.capLimitSql(":ods", ":day"));

    /**
     * Whether the day has room for routine need, as the board counts it, in one statement: with action 1 in force that
     * day, its clinicians' room left beyond the urgent reserve, each cap held to action 1's daily contact limit
     * (capacity.cap_held_to); without action 1, always, as nobody is turned away for being full then. A day not yet
     * opened (no row for it, or its row only just made by the caller's lock) gives each clinician who works that
     * weekday their usual cap, as its first request will. False for a practice not set up.
     *
     * @param opened whether the day had its row before the caller's lock; false gives the usual caps
     */
    public boolean hasRoutineRoom(String odsCode, LocalDate day, boolean opened) {
        return jdbc.sql(HAS_ROUTINE_ROOM)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("weekday", day.getDayOfWeek().name())
                .param("opened", opened)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    public List<Clinician> clinicians(String odsCode) {
        return jdbc.sql("""
                        select id, label, role, daily_cap, working_days from capacity.clinician
                        where ods_code = :ods and retired_at is null order by position, id
                        """)
                .param("ods", odsCode)
                .query((rs, row) -> new Clinician(
                        rs.getLong("id"),
                        rs.getString("label"),
                        ClinicianRole.valueOf(rs.getString("role")),
                        rs.getInt("daily_cap"),
                        days(rs.getArray("working_days"))))
                .list();
    }

    /** Bank holidays this many days either side of a day are enough for any look-ahead from it. */
    public static final int HOLIDAYS_AROUND = 40;

    /** The practice's calendar around a day. */
    public PracticeCalendar calendar(PracticeSetup setup, LocalDate around) {
        return calendar(setup, around.minusDays(HOLIDAYS_AROUND), around.plusDays(HOLIDAYS_AROUND));
    }

    /** The practice's calendar, knowing the bank holidays from {@code from} to {@code to} only. */
    public PracticeCalendar calendar(PracticeSetup setup, LocalDate from, LocalDate to) {
        Set<LocalDate> holidays =
                new HashSet<>(jdbc.sql("select day from capacity.bank_holiday where day between :from and :to")
                        .param("from", Date.valueOf(from))
                        .param("to", Date.valueOf(to))
                        .query((rs, row) -> rs.getDate("day").toLocalDate())
                        .list());
        return new PracticeCalendar(setup.coreHours(), holidays);
    }

    private static PracticeSetup setup(ResultSet rs, List<Clinician> clinicians) throws SQLException {
        Date agreed = rs.getDate("icb_agreed_closure_on");
        List<Signpost> signposts = SetupJson.signposts(rs.getString("signposts"));
        return new PracticeSetup(
                rs.getString("ods_code"),
                clinicians,
                SetupJson.hours(rs.getString("core_hours")),
                rs.getBoolean("count_admin"),
                rs.getInt("urgent_reserve"),
                WhenFull.valueOf(rs.getString("when_full")),
                agreed == null ? null : agreed.toLocalDate(),
                rs.getString("online_consultation_url"),
                signposts,
                rs.getString("when_full_chosen_by"),
                rs.getTimestamp("when_full_chosen_at").toInstant());
    }

    private static Set<DayOfWeek> days(Array array) throws SQLException {
        return Arrays.stream((String[]) array.getArray())
                .map(DayOfWeek::valueOf)
                .collect(Collectors.toSet());
    }
}
