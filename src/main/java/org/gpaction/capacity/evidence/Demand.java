package org.gpaction.capacity.evidence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The evidence of demand, counted from the requests recorded: by day, hour, channel, kind, outcome, reason and
 * where patients were sent. Undone requests never count. Requests older than the period kept have been added into
 * {@code request_count} and {@code request_day} and deleted, so every figure adds the two together.
 */
@Repository
class Demand {

    /**
     * One day's counts for a set of practices (or one). A patient booked from the waiting list is not a request of the
     * day they are booked: their request was counted on the day it came (waitlisted), so they are counted apart, as
     * {@code servedFromWaitingList}, and in none of the other figures. {@code nhs111Booked} is NHS 111's same-day
     * appointments, as the board counts them: an admin request from NHS 111 booked with no clinician (the practice does
     * not count admin) is no appointment, though {@code nhs111} and {@code booked} count it as a request.
     */
    record DayCounts(
            LocalDate day,
            int practices,
            int requests,
            int reception,
            int online,
            int nhs111,
            int urgent,
            int routine,
            int admin,
            int booked,
            int diverted,
            int waitlisted,
            int divertedFull,
            int divertedOutsideHours,
            int divertedPaused,
            int divertedNhs111,
            int divertedByReception,
            int nhs111Booked,
            int practicesFullBefore10,
            // In the pages and CSV files; left out of GET /api/capacity/demand, whose answer keeps its shape.
            @JsonIgnore int servedFromWaitingList,
            // Practices full at some time that day (filled by a booking or a change to its caps, or turning a request
            // away as full): the weekly alert state's days full. Left out of the API's answer, as above.
            @JsonIgnore int practicesFull) {

        /**
         * Requests the practice did not meet that day: signposted elsewhere or put on the waiting list, except those
         * that came outside core hours, which no capacity would have met. Every page, export and the weekly alert state
         * count unmet demand this way.
         */
        int unmet() {
            return diverted - divertedOutsideHours + waitlisted;
        }

        /**
         * Requests made in core hours: all but those turned away as outside them. The whole of which {@link #unmet} is
         * a share ({@link UnmetShare}).
         */
        int inCoreHours() {
            return requests - divertedOutsideHours;
        }
    }

    record HourCounts(int hour, int requests, int booked, int diverted, int waitlisted) {}

    record Named(String name, int count) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    Demand(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The requests counted (those still kept and those added into daily counts), each with the patients booked from
     * the waiting list beside them ({@code served}, counting for no request), and when each practice's day was first
     * full (the booking or the change to the day's caps that left no routine room, or else the first request turned
     * away for being full; a change to the caps before core hours records the opening, still to come, which counts only
     * once it has come, as the front door's closed minutes do), over {@code :from} to {@code :to} and the practices
     * given (every practice when null): what every figure here is read from. A practice recorded a day ({@code recorded}) when it has requests counted then or
     * was full then (a day a change to its caps made full may have no request): whatever counts practices recording,
     * or full before 10:00 among them, counts from these days, so that the second is never more than the first.
     */
    private static String countedAndFirstFull(Collection<String> practices) {
        return """
                with counted as (
                    %s
                    union all
                    %s
                    union all
                    %s
                ), first_full as (
                    select ods_code, day, min(at) as at from (
                        %s
                        union all
                        %s
                        union all
                        %s
                    ) f
                    group by ods_code, day
                ), recorded as (
                    select ods_code, day from counted
                    union
                    select ods_code, day from first_full
                )
                """.formatted(
                        PracticeRows.select(
                                "ods_code, day, channel, kind, outcome, reason,"
                                        + " case when from_waiting_list then 0 else 1 end as requests,"
                                        + " case when from_waiting_list then 1 else 0 end as served,"
                                        + " case when not from_waiting_list and channel = 'NHS111'"
                                        + " and outcome = 'BOOKED' and (kind <> 'ADMIN' or clinician_id is not null)"
                                        + " then 1 else 0 end as nhs111_appointments",
                                "capacity.contact_request",
                                "day between :from and :to and undone_at is null",
                                practices),
                        PracticeRows.select(
                                "ods_code, day, channel, kind, outcome, reason, requests, 0,"
                                        + " case when channel = 'NHS111' and outcome = 'BOOKED' then requests"
                                        + " - case when kind = 'ADMIN' then without_clinician else 0 end"
                                        + " else 0 end",
                                "capacity.request_count",
                                "day between :from and :to",
                                practices),
                        PracticeRows.select(
                                "ods_code, day, null, null, null, null, 0, served_from_waiting_list, 0",
                                "capacity.request_day",
                                "day between :from and :to and served_from_waiting_list > 0",
                                practices),
                        PracticeRows.select(
                                "ods_code, day, received_at as at",
                                "capacity.contact_request",
                                "day between :from and :to and undone_at is null"
                                        + " and (reason = 'FULL' or outcome = 'WAITLISTED' or filled)",
                                practices),
                        PracticeRows.select(
                                "ods_code, day, filled_at",
                                "capacity.day_filled",
                                "day between :from and :to and filled_at <= :now",
                                practices),
                        PracticeRows.select(
                                "ods_code, day, first_full_at",
                                "capacity.request_day",
                                "day between :from and :to and first_full_at is not null",
                                practices));
    }

    /**
     * Daily counts over the practices given, or every practice when {@code practices} is null. A day a practice was
     * full with no request recorded (made full by a change to its caps) is a day too, the practice recording on it.
     */
    List<DayCounts> daily(Collection<String> practices, LocalDate from, LocalDate to) {
        return counted("""
                        select s.day,
                               count(distinct s.ods_code) as practices,
                               sum(requests) as requests,
                               sum(requests) filter (where channel = 'RECEPTION') as reception,
                               sum(requests) filter (where channel = 'ONLINE') as online,
                               sum(requests) filter (where channel = 'NHS111') as nhs111,
                               sum(requests) filter (where kind = 'URGENT') as urgent,
                               sum(requests) filter (where kind = 'ROUTINE') as routine,
                               sum(requests) filter (where kind = 'ADMIN') as admin,
                               sum(requests) filter (where outcome = 'BOOKED') as booked,
                               sum(requests) filter (where outcome = 'DIVERTED') as diverted,
                               sum(requests) filter (where outcome = 'WAITLISTED') as waitlisted,
                               sum(requests) filter (where reason = 'FULL') as diverted_full,
                               sum(requests) filter (where reason = 'OUTSIDE_CORE_HOURS') as diverted_outside_hours,
                               sum(requests) filter (where reason = 'SUSPENDED') as diverted_paused,
                               sum(requests) filter (where reason = 'NHS111_ALLOWANCE_USED') as diverted_nhs111,
                               sum(requests) filter (where reason = 'SIGNPOSTED_BY_RECEPTION') as diverted_by_reception,
                               sum(nhs111_appointments) as nhs111_booked,
                               (select count(*) from first_full f
                                where f.day = s.day
                                  and (f.at at time zone 'Europe/London')::time < time '10:00') as full_before_10,
                               sum(served) as served_from_waiting_list,
                               (select count(*) from first_full f where f.day = s.day) as practices_full
                        from (
                            select * from counted
                            union all
                            select ods_code, day, null, null, null, null, 0, 0, 0 from first_full
                        ) s
                        group by s.day
                        order by s.day
                        """, practices, from, to)
                .query((rs, row) -> new DayCounts(
                        rs.getDate("day").toLocalDate(),
                        rs.getInt("practices"),
                        rs.getInt("requests"),
                        rs.getInt("reception"),
                        rs.getInt("online"),
                        rs.getInt("nhs111"),
                        rs.getInt("urgent"),
                        rs.getInt("routine"),
                        rs.getInt("admin"),
                        rs.getInt("booked"),
                        rs.getInt("diverted"),
                        rs.getInt("waitlisted"),
                        rs.getInt("diverted_full"),
                        rs.getInt("diverted_outside_hours"),
                        rs.getInt("diverted_paused"),
                        rs.getInt("diverted_nhs111"),
                        rs.getInt("diverted_by_reception"),
                        rs.getInt("nhs111_booked"),
                        rs.getInt("full_before_10"),
                        rs.getInt("served_from_waiting_list"),
                        rs.getInt("practices_full")))
                .list();
    }

    /**
     * Practices that recorded in a week (from Monday: requests, or a day full with none), and of them those full before
     * 10:00 on any day.
     */
    record WeekPractices(int recording, int fullBefore10) {}

    /** By the Monday of each week: how many different practices recorded, and were full before 10:00 on a day. */
    Map<LocalDate, WeekPractices> weekly(Collection<String> practices, LocalDate from, LocalDate to) {
        Map<LocalDate, WeekPractices> weeks = new LinkedHashMap<>();
        counted("""
                        , recorded_weeks as (
                            select date_trunc('week', day)::date as week, count(distinct ods_code) as practices
                            from recorded group by 1
                        ), full_early as (
                            select date_trunc('week', day)::date as week, count(distinct ods_code) as practices
                            from first_full where (at at time zone 'Europe/London')::time < time '10:00' group by 1
                        )
                        select r.week, r.practices as recording, coalesce(f.practices, 0) as full_before_10
                        from recorded_weeks r left join full_early f on f.week = r.week
                        order by r.week
                        """, practices, from, to)
                .query((rs, row) -> weeks.put(
                        rs.getDate("week").toLocalDate(),
                        new WeekPractices(rs.getInt("recording"), rs.getInt("full_before_10"))))
                .list();
        return weeks;
    }

    /**
     * The practices among those given (every practice when {@code practices} is null) that recorded from {@code from}
     * to {@code to} (requests counted, or a day full with none), by ODS code.
     */
    List<String> recording(Collection<String> practices, LocalDate from, LocalDate to) {
        return counted("select distinct ods_code from recorded order by ods_code", practices, from, to)
                .query(String.class)
                .list();
    }

    /**
     * A statement reading {@link #countedAndFirstFull}, its days and practices bound: whatever counts a practice as
     * recording reads {@code recorded}, made from {@code counted} and {@code first_full}, so that undone requests count
     * nowhere.
     */
    JdbcClient.StatementSpec counted(String select, Collection<String> practices, LocalDate from, LocalDate to) {
        return PracticeRows.bind(
                jdbc.sql(countedAndFirstFull(practices) + select)
                        .param("from", Date.valueOf(from))
                        .param("to", Date.valueOf(to))
                        .param("now", Timestamp.from(clock.instant())),
                practices);
    }

    List<HourCounts> byHour(String odsCode, LocalDate from, LocalDate to) {
        Map<Integer, HourCounts> hours = new LinkedHashMap<>();
        jdbc.sql("""
                        select hour,
                               sum(requests) as requests,
                               sum(requests) filter (where outcome = 'BOOKED') as booked,
                               sum(requests) filter (where outcome = 'DIVERTED') as diverted,
                               sum(requests) filter (where outcome = 'WAITLISTED') as waitlisted
                        from (
                            select extract(hour from received_at at time zone 'Europe/London')::int as hour, outcome,
                                   1 as requests
                            from capacity.contact_request
                            where ods_code = :ods and day between :from and :to and undone_at is null
                              and not from_waiting_list
                            union all
                            select hour, outcome, requests from capacity.request_count
                            where ods_code = :ods and day between :from and :to
                        ) r
                        group by hour order by hour
                        """)
                .param("ods", odsCode)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .query((rs, row) -> hours.put(
                        rs.getInt("hour"),
                        new HourCounts(
                                rs.getInt("hour"),
                                rs.getInt("requests"),
                                rs.getInt("booked"),
                                rs.getInt("diverted"),
                                rs.getInt("waitlisted"))))
                .list();
        return new ArrayList<>(hours.values());
    }

    /**
     * Where patients were sent: the places those signposted elsewhere were offered first, by how often. A patient put on
     * the waiting list is offered places too, for need that cannot wait, but was sent nowhere, so is not counted here.
     */
    List<Named> sentTo(String odsCode, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select name, sum(requests) as count from (
                            select signposts[1] as name, 1 as requests from capacity.contact_request
                            where ods_code = :ods and day between :from and :to and undone_at is null
                              and outcome = 'DIVERTED' and cardinality(signposts) > 0
                            union all
                            select first_signpost, requests from capacity.request_count
                            where ods_code = :ods and day between :from and :to
                              and outcome = 'DIVERTED' and first_signpost is not null
                        ) s
                        group by name order by 2 desc, 1
                        """)
                .param("ods", odsCode)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .query((rs, row) -> new Named(rs.getString("name"), rs.getInt("count")))
                .list();
    }
}
