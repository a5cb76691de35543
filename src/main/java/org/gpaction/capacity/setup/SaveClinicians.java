package org.gpaction.capacity.setup;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A practice's clinicians as a saved set-up lists them: kept by id (or by label when sent without one), added, retired
 * when left out, and today's caps following the change.
 */
@Repository
class SaveClinicians {

    private final JdbcClient jdbc;

    SaveClinicians(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A practice's day whose row the transaction that made this holds: only {@link #holdToday} makes one, so a save
     * given one is one made after the day's lock was taken.
     */
    static final class HeldDay {
        private final String odsCode;
        private final LocalDate day;
        private final boolean opened;

        private HeldDay(String odsCode, LocalDate day, boolean opened) {
            this.odsCode = odsCode;
            this.day = day;
            this.opened = opened;
        }

        LocalDate day() {
            return day;
        }

        /** True if the day had its row already (it was opened before this save). */
        boolean opened() {
            return opened;
        }
    }

    /**
     * Takes today's row before anything of the day is read or changed, as routing takes it: the save counts as one of
     * the day's changes, so a request racing it sees either none of it or all of it, and the two never wait for each
     * other's rows in opposite orders.
     */
    HeldDay holdToday(String odsCode, LocalDate today) {
        boolean opened = jdbc.sql("""
                        insert into capacity.practice_day (ods_code, day) values (:ods, :today)
                        on conflict (ods_code, day) do update set changes = practice_day.changes + 1
                        returning not (xmax = 0) as opened
                        """)
                .param("ods", odsCode)
                .param("today", Date.valueOf(today))
                .query(Boolean.class)
                .single();
        return new HeldDay(odsCode, today, opened);
    }

    /**
     * Saves the clinicians of the held day's practice, that day's caps following them: the day's lock being held, the
     * caps change before or after a booking, never beside it.
     */
    void save(HeldDay held, List<SetupRules.ClinicianRequestChecked> wanted, Instant now) {
        String odsCode = held.odsCode;
        LocalDate today = held.day;
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
        // A clinician removed earlier today and added again by label is the same clinician, who has already had some
        // of today's contacts, or whose cap was changed for today or a day to come (off sick, leave next week): they
        // come back with their id, today's count and those days' caps, not as someone new with a fresh cap.
        Map<String, Retired> retiredToday = retiredWithTheirDays(odsCode, today);
        Map<Long, String> revived = new LinkedHashMap<>();
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
                String label = clinician.label().toLowerCase(Locale.ROOT);
                id = byLabel.get(label);
                Retired retired = retiredToday.get(label);
                if (id == null && retired != null) {
                    id = retired.id();
                    revived.put(id, retired.label());
                }
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
        Map<Long, String> labels = new LinkedHashMap<>(existing);
        labels.putAll(revived);
        // Labels are unique among a practice's clinicians at every moment, so those relabelled let their old labels
        // go first: two clinicians may swap labels in one save.
        Long[] relabelled = IntStream.range(0, wanted.size())
                .filter(i -> kept.get(i) != null
                        && !labels.get(kept.get(i))
                                .equalsIgnoreCase(wanted.get(i).label()))
                .mapToObj(kept::get)
                .toArray(Long[]::new);
        if (relabelled.length > 0) {
            jdbc.sql("update capacity.clinician set label = chr(1) || id where id = any (:ids)")
                    .param("ids", relabelled)
                    .update();
        }
        if (!revived.isEmpty()) {
            jdbc.sql("update capacity.clinician set retired_at = null where id = any (:ids)")
                    .param("ids", revived.keySet().toArray(Long[]::new))
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
        // Those who no longer work today take no new contacts today: one with none booked is not at work at all, one
        // with some keeps them and is off for the rest of the day, as one asked off is. A cap changed for today on its
        // own is that day's arrangement and stays, as it does for the cap above.
        jdbc.sql("""
                        delete from capacity.clinician_day d using capacity.clinician c
                        where c.id = d.clinician_id and c.ods_code = :ods and c.retired_at is null
                          and d.day = :today and not d.changed_for_day and d.used = 0
                          and not (:weekday = any (c.working_days))
                        """)
                .param("ods", odsCode)
                .param("today", Date.valueOf(today))
                .param("weekday", today.getDayOfWeek().name())
                .update();
        jdbc.sql("""
                        update capacity.clinician_day d
                        set cap = case when :weekday = any (c.working_days) then d.cap else d.used end,
                            asked_cap = case when :weekday = any (c.working_days) then null else 0 end
                        from capacity.clinician c
                        where c.id = d.clinician_id and c.ods_code = :ods and c.retired_at is null
                          and d.day = :today and not d.changed_for_day
                          and (d.asked_cap = 0 or not (:weekday = any (c.working_days)))
                        """)
                .param("ods", odsCode)
                .param("today", Date.valueOf(today))
                .param("weekday", today.getDayOfWeek().name())
                .update();
    }

    private record Retired(long id, String label) {}

    /**
     * The practice's clinicians removed today, by label in lower case, the one removed last of each label (an earlier
     * one had let the label go to them), where they had contacts booked today, or a cap changed for today or a day to
     * come.
     */
    private Map<String, Retired> retiredWithTheirDays(String odsCode, LocalDate today) {
        Map<String, Retired> retired = new LinkedHashMap<>();
        jdbc.sql("""
                        select last.id, last.label from (
                            select distinct on (lower(c.label)) c.id, c.label from capacity.clinician c
                            where c.ods_code = :ods and c.retired_at >= :todayStarts
                            order by lower(c.label), c.retired_at desc, c.id desc
                        ) last
                        where exists (select 1 from capacity.clinician_day d
                                      where d.clinician_id = last.id and d.day >= :today
                                        and ((d.day = :today and d.used > 0) or d.changed_for_day))
                        """)
                .param("ods", odsCode)
                .param("today", Date.valueOf(today))
                .param(
                        "todayStarts",
                        Timestamp.from(today.atStartOfDay(UkTime.ZONE).toInstant()))
                .query((rs, row) -> retired.put(
                        rs.getString("label").toLowerCase(Locale.ROOT),
                        new Retired(rs.getLong("id"), rs.getString("label"))))
                .list();
        return retired;
    }
}
