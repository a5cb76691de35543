package org.gpaction.capacity.setup;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each practice's safe working set-up: reading it for routing, saving it for the practice manager. */
@Service
public class PracticeSetups {

    private final JdbcClient jdbc;
    private final Clock clock;

    PracticeSetups(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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
     */
    public void hold(String odsCode) {
        jdbc.sql("select ods_code from capacity.practice_setup where ods_code = :ods for update")
                .param("ods", odsCode)
                .query(String.class)
                .optional();
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
        Set<LocalDate> holidays =
                new HashSet<>(jdbc.sql("select day from capacity.bank_holiday where day between :from and :to")
                        .param("from", Date.valueOf(around.minusDays(HOLIDAYS_AROUND)))
                        .param("to", Date.valueOf(around.plusDays(HOLIDAYS_AROUND)))
                        .query((rs, row) -> rs.getDate("day").toLocalDate())
                        .list());
        return new PracticeCalendar(setup.coreHours(), holidays);
    }

    @Transactional
    PracticeSetup save(String odsCode, SetupRequest request, String by) {
        SetupRules.Checked checked = SetupRules.check(request);
        Instant now = clock.instant();
        Optional<PracticeSetup> before = jdbc.sql(
                        "select ods_code from capacity.practice_setup where ods_code = :ods for update")
                .param("ods", odsCode)
                .query(String.class)
                .optional()
                .flatMap(found -> find(odsCode));
        boolean frontDoorChoiceChanged = before.map(b -> b.whenFull() != checked.whenFull()
                        || !Objects.equals(b.icbAgreedClosureOn(), checked.icbAgreedClosureOn()))
                .orElse(true);
        jdbc.sql("""
                        insert into capacity.practice_setup (ods_code, count_admin, urgent_reserve, when_full,
                            icb_agreed_closure_on, online_consultation_url, core_hours, signposts, when_full_chosen_by,
                            when_full_chosen_at, updated_by, updated_at)
                        values (:ods, :countAdmin, :reserve, :whenFull, :icbAgreed, :url, cast(:coreHours as jsonb),
                            cast(:signposts as jsonb), :by, :now, :by, :now)
                        on conflict (ods_code) do update set
                            count_admin = excluded.count_admin, urgent_reserve = excluded.urgent_reserve,
                            when_full = excluded.when_full, icb_agreed_closure_on = excluded.icb_agreed_closure_on,
                            online_consultation_url = excluded.online_consultation_url,
                            core_hours = excluded.core_hours, signposts = excluded.signposts,
                            when_full_chosen_by = case when :choiceChanged then excluded.when_full_chosen_by
                                                       else practice_setup.when_full_chosen_by end,
                            when_full_chosen_at = case when :choiceChanged then excluded.when_full_chosen_at
                                                       else practice_setup.when_full_chosen_at end,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at,
                            version = nextval('capacity.practice_setup_version')
                        """)
                .param("ods", odsCode)
                .param("countAdmin", checked.countAdmin())
                .param("reserve", checked.urgentReserve())
                .param("whenFull", checked.whenFull().name())
                .param(
                        "icbAgreed",
                        checked.icbAgreedClosureOn() == null ? null : Date.valueOf(checked.icbAgreedClosureOn()))
                .param("url", checked.onlineConsultationUrl())
                .param("coreHours", SetupJson.text(checked.coreHours()))
                .param("signposts", SetupJson.text(checked.signposts()))
                .param("by", by)
                .param("now", Timestamp.from(now))
                .param("choiceChanged", frontDoorChoiceChanged)
                .update();
        saveClinicians(odsCode, checked.clinicians(), now);
        PracticeSetup after = find(odsCode).orElseThrow();
        log(
                odsCode,
                by,
                now,
                before.map(b -> "Set-up saved: " + SetupChanges.between(b, after))
                        .orElse("Set-up saved: " + checked.clinicians().size() + " clinicians, urgent reserve "
                                + checked.urgentReserve() + ", admin requests "
                                + (checked.countAdmin() ? "counted" : "not counted")));
        if (frontDoorChoiceChanged) {
            log(
                    odsCode,
                    by,
                    now,
                    "When full, the online front door "
                            + (checked.whenFull() == WhenFull.CLOSE
                                    ? "closes"
                                            + (checked.icbAgreedClosureOn() == null
                                                    ? ""
                                                    : " (ICB agreed on " + checked.icbAgreedClosureOn() + ")")
                                    : "stays open and signposts, taking routine requests onto the next working day's waiting list"));
        }
        return after;
    }

    private void saveClinicians(String odsCode, List<SetupRules.ClinicianRequestChecked> wanted, Instant now) {
        LocalDate today = PracticeCalendar.dayOf(now);
        // Today's row first, as routing takes it: the change counts as one of the day's changes, so a request racing
        // it sees either none of it or all of it, and the two never wait for each other's rows in opposite orders.
        jdbc.sql("""
                        insert into capacity.practice_day (ods_code, day) values (:ods, :today)
                        on conflict (ods_code, day) do update set changes = practice_day.changes + 1
                        """).param("ods", odsCode).param("today", Date.valueOf(today)).update();
        Map<Long, String> existing = new LinkedHashMap<>();
        jdbc.sql("select id, label from capacity.clinician where ods_code = :ods and retired_at is null for update")
                .param("ods", odsCode)
                .query((rs, row) -> existing.put(rs.getLong("id"), rs.getString("label")))
                .list();
        // A clinician sent without an id keeps the one of that label, unless another row claims that one by its id
        // (a clinician renamed and a new one given the old label are two clinicians).
        Set<Long> claimed = wanted.stream()
                .map(SetupRules.ClinicianRequestChecked::id)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, Long> byLabel = existing.entrySet().stream()
                .filter(e -> !claimed.contains(e.getKey()))
                .collect(Collectors.toMap(e -> e.getValue().toLowerCase(Locale.ROOT), Map.Entry::getKey));
        List<Long> kept = new ArrayList<>();
        List<Map<String, String>> unknown = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            SetupRules.ClinicianRequestChecked clinician = wanted.get(i);
            Long id = clinician.id();
            if (id != null && !existing.containsKey(id)) {
                unknown.add(Map.of(
                        "field",
                        "clinicians[" + i + "].id",
                        "message",
                        "There is no clinician " + id + " at " + odsCode + ": leave the id out to add a clinician"));
                continue;
            }
            if (id == null) {
                id = byLabel.get(clinician.label().toLowerCase(Locale.ROOT));
            }
            kept.add(id);
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequest(unknown.get(0).get("message"), unknown);
        }
        existing.keySet().stream()
                .filter(id -> !kept.contains(id))
                .forEach(id -> jdbc.sql("update capacity.clinician set retired_at = :now where id = :id")
                        .param("now", Timestamp.from(now))
                        .param("id", id)
                        .update());
        // Labels are unique among a practice's clinicians at every moment, so those relabelled let their old labels
        // go first: two clinicians may swap labels in one save.
        Long[] relabelled = IntStream.range(0, wanted.size())
                .filter(i -> kept.get(i) != null
                        && !existing.get(kept.get(i))
                                .equalsIgnoreCase(wanted.get(i).label()))
                .mapToObj(kept::get)
                .toArray(Long[]::new);
        if (relabelled.length > 0) {
            jdbc.sql("update capacity.clinician set label = chr(1) || id where id = any (:ids)")
                    .param("ids", relabelled)
                    .update();
        }
        for (int i = 0; i < wanted.size(); i++) {
            SetupRules.ClinicianRequestChecked clinician = wanted.get(i);
            Long id = kept.get(i);
            String[] days = clinician.workingDays().stream()
                    .sorted()
                    .map(DayOfWeek::name)
                    .toArray(String[]::new);
            if (id == null) {
                jdbc.sql("""
                                insert into capacity.clinician (ods_code, label, role, daily_cap, working_days, position)
                                values (:ods, :label, :role, :cap, :days, :position)
                                """)
                        .param("ods", odsCode)
                        .param("label", clinician.label())
                        .param("role", clinician.role().name())
                        .param("cap", clinician.dailyCap())
                        .param("days", days)
                        .param("position", i)
                        .update();
            } else {
                jdbc.sql("""
                                update capacity.clinician set label = :label, role = :role, daily_cap = :cap,
                                    working_days = :days, position = :position where id = :id
                                """)
                        .param("label", clinician.label())
                        .param("role", clinician.role().name())
                        .param("cap", clinician.dailyCap())
                        .param("days", days)
                        .param("position", i)
                        .param("id", id)
                        .update();
                // Today's cap follows the usual cap unless today was changed on its own; never below what is booked.
                jdbc.sql("""
                                update capacity.clinician_day set cap = greatest(:cap, used)
                                where clinician_id = :id and day = :today and not changed_for_day
                                """)
                        .param("cap", clinician.dailyCap())
                        .param("id", id)
                        .param("today", Date.valueOf(today))
                        .update();
            }
        }
        // Clinicians new today, or working today since this change, can be booked today.
        jdbc.sql("""
                        insert into capacity.clinician_day (clinician_id, day, cap)
                        select c.id, :today, c.daily_cap from capacity.clinician c
                        where c.ods_code = :ods and c.retired_at is null and :weekday = any (c.working_days)
                        on conflict (clinician_id, day) do nothing
                        """)
                .param("ods", odsCode)
                .param("today", Date.valueOf(today))
                .param("weekday", today.getDayOfWeek().name())
                .update();
    }

    /** Writes a line to the practice's set-up log, for changes made outside this class (pauses, one day's caps). */
    public void log(String odsCode, String by, String what) {
        log(odsCode, by, clock.instant(), what);
    }

    private void log(String odsCode, String by, Instant at, String what) {
        jdbc.sql("insert into capacity.setup_log (ods_code, at, by, what) values (:ods, :at, :by, :what)")
                .param("ods", odsCode)
                .param("at", Timestamp.from(at))
                .param("by", by)
                .param("what", what)
                .update();
    }

    public record LogEntry(Instant at, String by, String what) {

        public String atText() {
            return org.gpaction.common.UkTime.format(at);
        }
    }

    public List<LogEntry> log(String odsCode) {
        return jdbc.sql(
                        "select at, by, what from capacity.setup_log where ods_code = :ods order by at desc, id desc limit 50")
                .param("ods", odsCode)
                .query((rs, row) ->
                        new LogEntry(rs.getTimestamp("at").toInstant(), rs.getString("by"), rs.getString("what")))
                .list();
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
