package org.gpaction.capacity.routing;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gpaction.capacity.setup.CapLimits;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads what a decision needs about a practice's day ({@link DayFacts}) in one statement, taking no lock itself: the
 * routing decision's one read, so it stays one statement (a decision taken under the day's lock reads through it too,
 * once the lock is held). The practice's set-up is kept from an earlier read while its version is unchanged. The limit
 * every cap is held to while action 1 is in force (capacity.cap_limit) is read with the rest, and each clinician's cap
 * is held to it as read ({@link ClinicianLoad#heldTo}, the mirror of capacity.cap_held_to for caps read as arrays): a
 * cap set before the menu lowered the limit is kept as the practice set it, and comes back if the limit rises.
 */
@Repository
class DayFactsReader {

    /** The facts of a practice's day, its set-up by version: the decision's one statement. */
    private static final String FACTS = """
            select s.version, s.day_caps_changes,
              %s as cap_limit,
              exists (select 1 from capacity.suspension p
                      where p.ods_code = s.ods_code and p.lifted_at is null
                        and p.starts_at <= :at and p.ends_at > :at) as paused,
              array(select b.day from capacity.bank_holiday b where b.day between :from and :to) as holidays,
              pd.day is not null as opened, coalesce(pd.changes, 0) as changes,
              coalesce(pd.nhs111_booked, 0) as nhs111_booked,
              l.ids, l.labels, l.caps, l.used, l.off
            from capacity.practice_setup s
            left join capacity.practice_day pd on pd.ods_code = s.ods_code and pd.day = :day
            cross join lateral (
                select array_agg(c.id order by c.position, c.id) as ids,
                       array_agg(c.label order by c.position, c.id) as labels,
                       array_agg(coalesce(d.cap, c.daily_cap) order by c.position, c.id) as caps,
                       array_agg(coalesce(d.used, 0) order by c.position, c.id) as used,
                       array_agg(coalesce(d.asked_cap = 0, false) order by c.position, c.id) as off
                from capacity.clinician c
                left join capacity.clinician_day d on d.clinician_id = c.id and d.day = :day
                where c.ods_code = s.ods_code and c.retired_at is null
                  and (d.clinician_id is not null or (pd.day is null and :weekday = any (c.working_days)))
            ) l
            where s.ods_code = :ods
        """.formatted(CapLimits.capLimitSql("s.ods_code", ":day"));

    private final JdbcClient jdbc;
    private final PracticeSetups setups;
    private final WaitingListDays waitingListDays;
    /** Each practice's set-up as last read, by ODS code: one small entry per practice set up, at most. */
    private final Map<String, PracticeSetups.Versioned> setUps = new ConcurrentHashMap<>();

    DayFactsReader(JdbcClient jdbc, PracticeSetups setups, WaitingListDays waitingListDays) {
        this.jdbc = jdbc;
        this.setups = setups;
        this.waitingListDays = waitingListDays;
    }

    /** The facts as the statement reads them, the set-up's version in place of the set-up. */
    private record Read(
            LocalDate day,
            long setupVersion,
            long dayCapsChanges,
            Set<LocalDate> holidays,
            Integer capLimit,
            boolean frontDoorPaused,
            boolean opened,
            long changes,
            int nhs111Booked,
            List<ClinicianLoad> clinicians) {}

    Optional<DayFacts> facts(String odsCode, LocalDate day, Instant at) {
        return jdbc.sql(FACTS)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("weekday", day.getDayOfWeek().name())
                .param("at", Timestamp.from(at))
                .param("from", Date.valueOf(day.minusDays(PracticeSetups.HOLIDAYS_AROUND)))
                .param("to", Date.valueOf(day.plusDays(PracticeSetups.HOLIDAYS_AROUND)))
                .query((rs, row) -> {
                    // The limit there is exactly while action 1 is in force (capacity.cap_limit), so it says both.
                    Integer capLimit = rs.getObject("cap_limit", Integer.class);
                    return new Read(
                            day,
                            rs.getLong("version"),
                            rs.getLong("day_caps_changes"),
                            holidays(rs.getArray("holidays")),
                            capLimit,
                            rs.getBoolean("paused"),
                            rs.getBoolean("opened"),
                            rs.getLong("changes"),
                            rs.getInt("nhs111_booked"),
                            loads(rs, capLimit));
                })
                .optional()
                .flatMap(facts -> setUp(odsCode, facts));
    }

    /**
     * The facts with the practice's set-up, kept from an earlier request while its version is the one just read. A
     * set-up read again may be newer than the counts beside it; a save counts a change to the day, so a booking
     * decided from the two is not written (see {@link DayWrites#bookIfUnchanged}) and is decided again.
     */
    private Optional<DayFacts> setUp(String odsCode, Read read) {
        PracticeSetups.Versioned known = setUps.get(odsCode);
        if (known == null || known.version() != read.setupVersion()) {
            Optional<PracticeSetups.Versioned> found = setups.findVersioned(odsCode);
            if (found.isEmpty()) {
                setUps.remove(odsCode);
                return Optional.empty();
            }
            known = found.get();
            setUps.put(odsCode, known);
        }
        PracticeSetup setup = known.setup();
        long version = known.version();
        PracticeCalendar calendar = new PracticeCalendar(setup.coreHours(), read.holidays());
        return Optional.of(new DayFacts(
                setup,
                calendar,
                read.capLimit(),
                read.frontDoorPaused(),
                read.opened(),
                read.changes(),
                read.nhs111Booked(),
                read.clinicians(),
                () -> waitingListDays.promising(
                        setup,
                        calendar,
                        new WaitingListDays.DependsOn(
                                read.day(),
                                version,
                                read.dayCapsChanges(),
                                calendar.bankHolidays(),
                                read.capLimit()))));
    }

    private static Set<LocalDate> holidays(Array array) throws SQLException {
        Set<LocalDate> days = new HashSet<>();
        for (Object day : (Object[]) array.getArray()) {
            days.add(((Date) day).toLocalDate());
        }
        return days;
    }

    /** @param limit the most any cap is, or null */
    private static List<ClinicianLoad> loads(ResultSet rs, Integer limit) throws SQLException {
        Array ids = rs.getArray("ids");
        if (ids == null) {
            return List.of();
        }
        Long[] id = (Long[]) ids.getArray();
        String[] label = (String[]) rs.getArray("labels").getArray();
        Integer[] cap = (Integer[]) rs.getArray("caps").getArray();
        Integer[] used = (Integer[]) rs.getArray("used").getArray();
        Boolean[] off = (Boolean[]) rs.getArray("off").getArray();
        List<ClinicianLoad> loads = new ArrayList<>(id.length);
        for (int i = 0; i < id.length; i++) {
            loads.add(new ClinicianLoad(id[i], label[i], cap[i], used[i], off[i]).heldTo(limit));
        }
        return loads;
    }
}
