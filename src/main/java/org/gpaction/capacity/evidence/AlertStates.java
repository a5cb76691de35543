package org.gpaction.capacity.evidence;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.TypedText;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Suggesting, confirming and counting the weekly alert state. */
@Service
class AlertStates {

    record Week(
            LocalDate weekOf,
            AlertState suggested,
            int requests,
            int unmet,
            int inCoreHours,
            int daysFull,
            int daysFullBefore10,
            Optional<Confirmed> confirmed) {

        /** The share the suggestion is made from, as a percentage. */
        public String unmetShare() {
            return new UnmetShare(unmet, inCoreHours).percent();
        }

        /** The week as an LMC officer reads it: counts and states, and when the practice confirmed, not who or why. */
        Week countsOnly() {
            return new Week(
                    weekOf,
                    suggested,
                    requests,
                    unmet,
                    inCoreHours,
                    daysFull,
                    daysFullBefore10,
                    confirmed.map(c -> new Confirmed(c.state(), null, null, c.at())));
        }
    }

    /** @param by the email of who confirmed it; null, with the comment, where only the practice's counts are read */
    record Confirmed(AlertState state, String comment, String by, Instant at) {}

    private final Demand demand;
    private final JdbcClient jdbc;
    private final Clock clock;

    AlertStates(Demand demand, JdbcClient jdbc, Clock clock) {
        this.demand = demand;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    static LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    Week week(String odsCode, LocalDate weekOf) {
        List<Demand.DayCounts> days = demand.daily(List.of(odsCode), weekOf, weekOf.plusDays(6));
        int requests = days.stream().mapToInt(Demand.DayCounts::requests).sum();
        int unmet = days.stream().mapToInt(Demand.DayCounts::unmet).sum();
        int inCoreHours = days.stream().mapToInt(Demand.DayCounts::inCoreHours).sum();
        // Full from the booking or the change to the day's caps that left no routine room, though nobody may have been
        // turned away that day.
        int daysFull = (int) days.stream().filter(d -> d.practicesFull() > 0).count();
        int before10 =
                days.stream().mapToInt(Demand.DayCounts::practicesFullBefore10).sum();
        AlertState suggested = AlertState.suggest(new UnmetShare(unmet, inCoreHours).fraction(), daysFull, before10);
        return new Week(
                weekOf, suggested, requests, unmet, inCoreHours, daysFull, before10, confirmed(odsCode, weekOf));
    }

    /**
     * The Monday of the first week the practice recorded in up to today (a request, or a day full with none), as every
     * figure counts them; empty if none.
     */
    Optional<LocalDate> firstWeekWithFigures(String odsCode) {
        return demand.counted(
                        "select min(day) as first from recorded",
                        List.of(odsCode),
                        CapacityDates.EARLIEST,
                        PracticeCalendar.dayOf(clock.instant()))
                .query((rs, row) -> Optional.ofNullable(rs.getDate("first")))
                .single()
                .map(first -> weekOf(first.toLocalDate()));
    }

    Optional<Confirmed> confirmed(String odsCode, LocalDate weekOf) {
        return jdbc.sql("""
                        select confirmed, comment, confirmed_by, confirmed_at from capacity.alert_state
                        where ods_code = :ods and week_of = :week
                        """)
                .param("ods", odsCode)
                .param("week", Date.valueOf(weekOf))
                .query((rs, row) -> new Confirmed(
                        AlertState.valueOf(rs.getString("confirmed")),
                        rs.getString("comment"),
                        rs.getString("confirmed_by"),
                        rs.getTimestamp("confirmed_at").toInstant()))
                .optional();
    }

    void confirm(String odsCode, LocalDate weekOf, String state, String comment, String by) {
        AlertState chosen;
        try {
            chosen = AlertState.valueOf(state == null ? "" : state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.field("state", "Choose GREEN, AMBER, RED or BLACK");
        }
        // A browser sends each line break in a textarea as CRLF: one character each, as the page's maxlength counts.
        String text = comment == null ? "" : comment.replace("\r\n", "\n").strip();
        if (text.length() > 1000) {
            throw InvalidRequest.field("comment", "The comment must be 1,000 characters or fewer");
        }
        if (TypedText.hasControlCharactersBesideLineBreaks(text)) {
            throw InvalidRequest.field("comment", "The comment must be text, without control characters");
        }
        if (weekOf.isAfter(weekOf(PracticeCalendar.dayOf(clock.instant())))) {
            throw InvalidRequest.field("week", "A week that has not started cannot be confirmed");
        }
        Week week = week(odsCode, weekOf);
        jdbc.sql("""
                        insert into capacity.alert_state (ods_code, week_of, suggested, confirmed, comment, confirmed_by,
                            confirmed_at)
                        values (:ods, :week, :suggested, :confirmed, :comment, :by, :at)
                        on conflict (ods_code, week_of) do update set suggested = excluded.suggested,
                            confirmed = excluded.confirmed, comment = excluded.comment,
                            confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at
                        """)
                .param("ods", odsCode)
                .param("week", Date.valueOf(weekOf))
                .param("suggested", week.suggested().name())
                .param("confirmed", chosen.name())
                .param("comment", text.isEmpty() ? null : text)
                .param("by", by)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    /** How many of the practices confirmed each state for the week; those that did not are counted apart. */
    Map<AlertState, Integer> sitrep(Collection<String> practices, LocalDate weekOf) {
        Map<AlertState, Integer> counts = new EnumMap<>(AlertState.class);
        for (AlertState state : AlertState.values()) {
            counts.put(state, 0);
        }
        String states = PracticeRows.select("confirmed", "capacity.alert_state", "week_of = :week", practices);
        PracticeRows.bind(
                        jdbc.sql("select confirmed, count(*) as practices from (" + states + ") s group by confirmed")
                                .param("week", Date.valueOf(weekOf)),
                        practices)
                .query((rs, row) -> counts.put(AlertState.valueOf(rs.getString("confirmed")), rs.getInt("practices")))
                .list();
        return counts;
    }

    /**
     * Practices that recorded that week (requests, or a day full with none), as every figure counts them (undone
     * requests count for nothing), and
     * confirmed no state for it: those still expected to. The practices given are each looked up among the week's
     * states by code, never found by reading every practice's states for the week.
     */
    int recordingButNotConfirmed(Collection<String> practices, LocalDate weekOf) {
        String confirmed = PracticeRows.select("ods_code", "capacity.alert_state", "week_of = :from", practices);
        return demand.counted("""
                                select count(*) from (
                                    select ods_code from recorded
                                    except
                                    %s
                                ) recording
                                """.formatted(confirmed), practices, weekOf, weekOf.plusDays(6))
                .query(Integer.class)
                .single();
    }
}
