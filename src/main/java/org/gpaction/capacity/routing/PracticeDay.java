package org.gpaction.capacity.routing;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.Signpost;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The rows behind one practice's day: its lock, its clinicians' caps and counts. */
@Repository
class PracticeDay {

    private final JdbcClient jdbc;
    private final PracticeSetups setups;
    private final JsonMapper json;
    private final WaitingListDays waitingListDays;
    /** Each practice's set-up as last read, by ODS code: one small entry per practice set up, at most. */
    private final Map<String, PracticeSetups.Versioned> setUps = new ConcurrentHashMap<>();

    PracticeDay(JdbcClient jdbc, PracticeSetups setups, JsonMapper json, WaitingListDays waitingListDays) {
        this.jdbc = jdbc;
        this.setups = setups;
        this.json = json;
        this.waitingListDays = waitingListDays;
    }

    /**
     * Takes the practice's lock for the day, counts a change to it and answers NHS 111's bookings so far. The first
     * request of a day also creates the day's row and gives each clinician who works that weekday their usual cap, in
     * the same statement. Every change to the day's rows goes through here (or {@link #bookIfUnchanged}) first, so
     * they queue one behind another rather than both seeing the same room.
     */
    /** The day as its lock found it: NHS 111's bookings and how many changes it has had, this one included. */
    record Locked(int nhs111Booked, long changes) {}

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

    /** The facts as the statement reads them, the set-up's version in place of the set-up. */
    private record Read(
            LocalDate day,
            long setupVersion,
            long dayCapsChanges,
            Set<LocalDate> holidays,
            boolean capEnforced,
            boolean frontDoorPaused,
            boolean opened,
            long changes,
            int nhs111Booked,
            List<ClinicianLoad> clinicians) {}

    Optional<DayFacts> facts(String odsCode, LocalDate day, Instant at) {
        return jdbc.sql("""
                        select s.version, s.day_caps_changes, actions.in_force(s.ods_code, :action, :day) as enforced,
                          exists (select 1 from capacity.suspension p
                                  where p.ods_code = s.ods_code and p.lifted_at is null
                                    and p.starts_at <= :at and p.ends_at > :at) as paused,
                          array(select b.day from capacity.bank_holiday b where b.day between :from and :to) as holidays,
                          pd.day is not null as opened, coalesce(pd.changes, 0) as changes,
                          coalesce(pd.nhs111_booked, 0) as nhs111_booked,
                          l.ids, l.labels, l.caps, l.used
                        from capacity.practice_setup s
                        left join capacity.practice_day pd on pd.ods_code = s.ods_code and pd.day = :day
                        cross join lateral (
                            select array_agg(c.id order by c.position, c.id) as ids,
                                   array_agg(c.label order by c.position, c.id) as labels,
                                   array_agg(coalesce(d.cap, c.daily_cap) order by c.position, c.id) as caps,
                                   array_agg(coalesce(d.used, 0) order by c.position, c.id) as used
                            from capacity.clinician c
                            left join capacity.clinician_day d on d.clinician_id = c.id and d.day = :day
                            where c.ods_code = s.ods_code and c.retired_at is null
                              and (d.clinician_id is not null or (pd.day is null and :weekday = any (c.working_days)))
                        ) l
                        where s.ods_code = :ods
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("weekday", day.getDayOfWeek().name())
                .param("at", Timestamp.from(at))
                .param("action", ActionsInForce.SAFE_WORKING)
                .param("from", Date.valueOf(day.minusDays(PracticeSetups.HOLIDAYS_AROUND)))
                .param("to", Date.valueOf(day.plusDays(PracticeSetups.HOLIDAYS_AROUND)))
                .query((rs, row) -> new Read(
                        day,
                        rs.getLong("version"),
                        rs.getLong("day_caps_changes"),
                        holidays(rs.getArray("holidays")),
                        rs.getBoolean("enforced"),
                        rs.getBoolean("paused"),
                        rs.getBoolean("opened"),
                        rs.getLong("changes"),
                        rs.getInt("nhs111_booked"),
                        loads(rs)))
                .optional()
                .flatMap(facts -> setUp(odsCode, facts));
    }

    /**
     * The facts with the practice's set-up, kept from an earlier request while its version is the one just read. A
     * set-up read again may be newer than the counts beside it; a save counts a change to the day, so a booking
     * decided from the two is not written (see {@link #bookIfUnchanged}) and is decided again.
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
                read.capEnforced(),
                read.frontDoorPaused(),
                read.opened(),
                read.changes(),
                read.nhs111Booked(),
                read.clinicians(),
                () -> waitingListDays.after(
                        setup,
                        calendar,
                        new WaitingListDays.DependsOn(
                                read.day(), version, read.dayCapsChanges(), calendar.bankHolidays()))));
    }

    private static Set<LocalDate> holidays(Array array) throws SQLException {
        Set<LocalDate> days = new HashSet<>();
        for (Object day : (Object[]) array.getArray()) {
            days.add(((Date) day).toLocalDate());
        }
        return days;
    }

    private static List<ClinicianLoad> loads(ResultSet rs) throws SQLException {
        Array ids = rs.getArray("ids");
        if (ids == null) {
            return List.of();
        }
        Long[] id = (Long[]) ids.getArray();
        String[] label = (String[]) rs.getArray("labels").getArray();
        Integer[] cap = (Integer[]) rs.getArray("caps").getArray();
        Integer[] used = (Integer[]) rs.getArray("used").getArray();
        List<ClinicianLoad> loads = new ArrayList<>(id.length);
        for (int i = 0; i < id.length; i++) {
            loads.add(new ClinicianLoad(id[i], label[i], cap[i], used[i]));
        }
        return loads;
    }

    /**
     * Books one contact with the clinician and records the request in one statement, only if the day has had no
     * change since {@code changesSeen} and the clinician has room: then the room the booking was decided from is the
     * room there is. Answers the request's id and the contact's number, or empty when the day has moved on (nothing
     * is written then). One statement commits on its own, so a booking needs no transaction around it: it holds the
     * day's row only while it writes. A booking from the waiting list names the request it serves.
     */
    record Written(long id, Integer contactNumber) {}

    Optional<Written> bookIfUnchanged(
            String odsCode,
            LocalDate day,
            long changesSeen,
            long clinicianId,
            boolean capEnforced,
            boolean nhs111,
            Instant at,
            Router.Request request,
            String recordedBy,
            Long servedFrom) {
        return jdbc.sql("""
                        with changed as (
                            update capacity.practice_day
                            set changes = changes + 1, nhs111_booked = nhs111_booked + :nhs111
                            where ods_code = :ods and day = :day and changes = :seen
                              and exists (select 1 from capacity.clinician_day
                                          where clinician_id = :clinician and day = :day
                                            and (not :enforced or used < cap))
                            returning day
                        ), booked as (
                            update capacity.clinician_day set used = used + 1
                            where clinician_id = :clinician and day = (select day from changed)
                              and (not :enforced or used < cap)
                            returning used
                        )
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            clinician_id, contact_number, signposts, recorded_by, served_from, from_waiting_list)
                        select :ods, :day, :at, :channel, :kind, 'BOOKED', :clinician, (select used from booked),
                            '{}', :by, cast(:servedFrom as bigint), cast(:servedFrom as bigint) is not null
                        from changed
                        returning id, contact_number
                        """)
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("seen", changesSeen)
                .param("nhs111", nhs111 ? 1 : 0)
                .param("clinician", clinicianId)
                .param("enforced", capEnforced)
                .param("at", Timestamp.from(at))
                .param("channel", request.channel().name())
                .param("kind", request.kind().name())
                .param("by", recordedBy)
                .param("servedFrom", servedFrom)
                .query((rs, row) -> new Written(rs.getLong("id"), rs.getObject("contact_number", Integer.class)))
                .optional();
    }

    /** One request's row as {@link #recordTogether} writes it. */
    record Row(
            Instant receivedAt,
            Channel channel,
            RequestKind kind,
            Outcome outcome,
            DiversionReason reason,
            Long clinicianId,
            Integer contactNumber,
            LocalDate waitlistedFor,
            List<String> signposts,
            String recordedBy) {

        /** @param clinician the clinician's day with this contact counted, or null if it uses nobody's capacity */
        static Row booked(Instant at, Router.Request request, String by, ClinicianLoad clinician) {
            return new Row(
                    at,
                    request.channel(),
                    request.kind(),
                    Outcome.BOOKED,
                    null,
                    clinician == null ? null : clinician.id(),
                    clinician == null ? null : clinician.used(),
                    null,
                    List.of(),
                    by);
        }

        static Row without(
                Instant at, Router.Request request, String by, Router.Decision decision, List<Signpost> given) {
            List<String> names = given.stream().map(Signpost::name).toList();
            if (decision instanceof Router.Diverted diverted) {
                return new Row(
                        at,
                        request.channel(),
                        request.kind(),
                        Outcome.DIVERTED,
                        diverted.reason(),
                        null,
                        null,
                        null,
                        names,
                        by);
            }
            return new Row(
                    at,
                    request.channel(),
                    request.kind(),
                    Outcome.WAITLISTED,
                    null,
                    null,
                    null,
                    ((Router.Waitlisted) decision).forDay(),
                    names,
                    by);
        }
    }

    /**
     * Records requests decided together and counts their bookings to their clinicians and NHS 111, in one statement,
     * only if the day has had no change since {@code changesSeen} and no count would pass a cap in force: then the
     * room they were decided from is the room there is. Answers the requests' ids in their order, or empty when the
     * day has moved on; nothing is written then. One statement commits on its own, so it needs no transaction.
     */
    Optional<List<Long>> recordTogether(
            String odsCode, LocalDate day, long changesSeen, boolean capEnforced, int nhs111Booked, List<Row> rows) {
        List<Map<String, Object>> values = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, Object> value = new HashMap<>();
            value.put("n", values.size());
            value.put("received_at", row.receivedAt().toString());
            value.put("channel", row.channel().name());
            value.put("kind", row.kind().name());
            value.put("outcome", row.outcome().name());
            value.put("reason", row.reason() == null ? null : row.reason().name());
            value.put("clinician_id", row.clinicianId());
            value.put("contact_number", row.contactNumber());
            value.put(
                    "waitlisted_for",
                    row.waitlistedFor() == null ? null : row.waitlistedFor().toString());
            value.put("signposts", row.signposts());
            value.put("recorded_by", row.recordedBy());
            values.add(value);
        }
        List<Long> ids = jdbc.sql("""
                        with r as (
                            select * from jsonb_to_recordset(cast(:rows as jsonb)) as r(n integer,
                                received_at timestamptz, channel text, kind text, outcome text, reason text,
                                clinician_id bigint, contact_number integer, waitlisted_for date, signposts text[],
                                recorded_by text)
                        ), b as (
                            select clinician_id, count(*)::integer as contacts from r where clinician_id is not null
                            group by clinician_id
                        ), changed as (
                            update capacity.practice_day
                            set changes = changes + 1, nhs111_booked = nhs111_booked + :nhs111
                            where ods_code = :ods and day = :day and changes = :seen
                              and not exists (select 1 from capacity.clinician_day d join b using (clinician_id)
                                              where d.day = :day and :enforced and d.used + b.contacts > d.cap)
                            returning day
                        ), counted as (
                            update capacity.clinician_day d set used = d.used + b.contacts
                            from b
                            where d.clinician_id = b.clinician_id and d.day = (select day from changed)
                        )
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            reason, clinician_id, contact_number, waitlisted_for, signposts, recorded_by)
                        select :ods, :day, r.received_at, r.channel, r.kind, r.outcome, r.reason, r.clinician_id,
                            r.contact_number, r.waitlisted_for, coalesce(r.signposts, '{}'), r.recorded_by
                        from r
                        where exists (select 1 from changed)
                        order by r.n
                        returning id
                        """)
                .param("rows", json.writeValueAsString(values))
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("seen", changesSeen)
                .param("enforced", capEnforced)
                .param("nhs111", nhs111Booked)
                .query(Long.class)
                .list();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        if (ids.size() != rows.size()) {
            throw new IllegalStateException("Recorded " + ids.size() + " of " + rows.size() + " requests");
        }
        return Optional.of(ids);
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
     * What the day would look like without writing anything. A day that has started (it has its row) is the clinicians
     * who had a row for it, as {@link #facts} reads them, and a day gone by keeps those removed since it began (one
     * removed at 15:00 worked its morning); a day not yet
     * started is those with a row for it (a cap changed ahead) and the others who work that weekday at their usual cap
     * with nothing booked.
     */
    List<ClinicianLoad> loadsWithoutOpening(String odsCode, LocalDate day) {
        return jdbc.sql("""
                        select c.id, c.label, coalesce(d.cap, c.daily_cap) as cap, coalesce(d.used, 0) as used
                        from (select * from capacity.clinician where ods_code = :ods and retired_at is null
                              union all
                              select * from capacity.clinician where ods_code = :ods
                                and retired_at >= case when cast(:dayEnds as timestamptz) <= now()
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
                .param("weekday", day.getDayOfWeek().name())
                .query((rs, row) ->
                        new ClinicianLoad(rs.getLong("id"), rs.getString("label"), rs.getInt("cap"), rs.getInt("used")))
                .list();
    }

    /**
     * Gives a clinician's day one contact back. A cap held above the one asked for, because more were booked when it
     * was lowered (a clinician sent home with 10 booked), comes down with it: the contact given back is not room for a
     * new one beyond what was asked.
     */
    void unbook(long clinicianId, LocalDate day) {
        jdbc.sql("""
                        update capacity.clinician_day d
                        set used = d.used - 1,
                            cap = least(d.cap, greatest(d.used - 1,
                                case when d.changed_for_day then coalesce(d.asked_cap, d.cap) else c.daily_cap end))
                        from capacity.clinician c
                        where c.id = d.clinician_id and d.clinician_id = :id and d.day = :day and d.used > 0
                        """).param("id", clinicianId).param("day", Date.valueOf(day)).update();
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
