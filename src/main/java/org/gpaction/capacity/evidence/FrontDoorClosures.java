package org.gpaction.capacity.evidence;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gpaction.capacity.routing.FullSpans;
import org.gpaction.capacity.setup.Hours;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * When a practice's online front door was closed in core hours: while full, for a practice that closes when full, and
 * while paused. A figure of one practice's set-up, so it stands beside that practice's demand and never in an area's.
 */
@Repository
class FrontDoorClosures {

    private final JdbcClient jdbc;
    private final PracticeSetups setups;
    private final Clock clock;

    FrontDoorClosures(JdbcClient jdbc, PracticeSetups setups, Clock clock) {
        this.jdbc = jdbc;
        this.setups = setups;
        this.clock = clock;
    }

    /** Each day's closed minutes for the practice; none for a practice with no set-up. */
    Map<LocalDate, Long> minutesByDay(String odsCode, LocalDate from, LocalDate to) {
        return setups.find(odsCode).map(setup -> minutesByDay(setup, from, to)).orElse(Map.of());
    }

    /**
     * Minutes in core hours each day that the online front door was closed: while the practice was full, for a
     * practice that closes when full ({@link FullSpans}: from the booking or the change to the day's caps that filled
     * it, or a request turned away, to the next routine booking with room, or the close of core hours), and any pause
     * by the practice. A minute that was both is counted once, and bank holidays, which have no core hours, count
     * none. Counted with the practice's set-up as it is now, and only up to now: a pause set for days ahead, or a door
     * closed when full until the end of the day, is evidence of the time it has been closed, not of time still to come.
     */
    private Map<LocalDate, Long> minutesByDay(PracticeSetup setup, LocalDate from, LocalDate to) {
        Map<LocalDate, List<LocalTime[]>> closed = new TreeMap<>();
        PracticeCalendar calendar = setups.calendar(setup, from, to);
        if (setup.whenFull() == WhenFull.CLOSE) {
            jdbc.sql("""
                            with kept as (
                                select * from capacity.contact_request
                                where ods_code = :ods and day between :from and :to
                            ), kept_filled as (
                                select * from capacity.day_filled where ods_code = :ods and day between :from and :to
                            )
                            select day, closed_from, reopened_at from (%s) s
                            union all
                            select day, lower(span), upper(span) from capacity.request_day, unnest(full_spans) span
                            where ods_code = :ods and day between :from and :to
                            """.formatted(FullSpans.in("kept", "kept_filled")))
                    .param("ods", setup.odsCode())
                    .param("from", Date.valueOf(from))
                    .param("to", Date.valueOf(to))
                    .query((rs, row) -> {
                        LocalDate day = rs.getDate("day").toLocalDate();
                        Timestamp reopened = rs.getTimestamp("reopened_at");
                        closed.computeIfAbsent(day, d -> new ArrayList<>()).add(new LocalTime[] {
                            timeOn(day, rs.getTimestamp("closed_from").toInstant()),
                            reopened == null ? LocalTime.MAX : timeOn(day, reopened.toInstant())
                        });
                        return day;
                    })
                    .list();
        }
        jdbc.sql("""
                        select starts_at, coalesce(least(lifted_at, ends_at), ends_at) as ends_at from capacity.suspension
                        where ods_code = :ods and starts_at < :to and ends_at > :from
                        """)
                .param("ods", setup.odsCode())
                .param("from", Timestamp.from(from.atStartOfDay(UkTime.ZONE).toInstant()))
                .param(
                        "to",
                        Timestamp.from(to.plusDays(1).atStartOfDay(UkTime.ZONE).toInstant()))
                .query((rs, row) -> {
                    Instant start = rs.getTimestamp("starts_at").toInstant();
                    Instant end = rs.getTimestamp("ends_at").toInstant();
                    for (LocalDate day = start.atZone(UkTime.ZONE).toLocalDate();
                            !day.isAfter(end.atZone(UkTime.ZONE).toLocalDate()) && !day.isAfter(to);
                            day = day.plusDays(1)) {
                        if (day.isBefore(from)) {
                            continue;
                        }
                        ZonedDateTime dayStart = day.atStartOfDay(UkTime.ZONE);
                        LocalTime pausedFrom = start.isAfter(dayStart.toInstant())
                                ? start.atZone(UkTime.ZONE).toLocalTime()
                                : LocalTime.MIN;
                        LocalTime pausedTo = end.isBefore(day.plusDays(1)
                                        .atStartOfDay(UkTime.ZONE)
                                        .toInstant())
                                ? end.atZone(UkTime.ZONE).toLocalTime()
                                : LocalTime.MAX;
                        closed.computeIfAbsent(day, d -> new ArrayList<>()).add(new LocalTime[] {pausedFrom, pausedTo});
                    }
                    return start;
                })
                .list();
        ZonedDateTime now = clock.instant().atZone(UkTime.ZONE);
        Map<LocalDate, Long> minutes = new LinkedHashMap<>();
        closed.forEach((day, spans) -> {
            if (calendar.isWorkingDay(day) && !day.isAfter(now.toLocalDate())) {
                List<LocalTime[]> sofar = day.equals(now.toLocalDate()) ? upTo(spans, now.toLocalTime()) : spans;
                minutes.put(day, minutesInCoreHours(sofar, setup.coreHours().get(day.getDayOfWeek())));
            }
        });
        return minutes;
    }

    /** The spans cut short at a time of day. */
    static List<LocalTime[]> upTo(List<LocalTime[]> spans, LocalTime time) {
        List<LocalTime[]> cut = new ArrayList<>();
        for (LocalTime[] span : spans) {
            if (span[0].isBefore(time)) {
                cut.add(new LocalTime[] {span[0], span[1].isAfter(time) ? time : span[1]});
            }
        }
        return cut;
    }

    /** The time on that day (UK time) of an instant that day, or the end of the day for one after it. */
    private static LocalTime timeOn(LocalDate day, Instant at) {
        ZonedDateTime uk = at.atZone(UkTime.ZONE);
        return uk.toLocalDate().isAfter(day) ? LocalTime.MAX : uk.toLocalTime();
    }

    /** The minutes of core hours inside any of the spans, each minute once however many spans hold it. */
    static long minutesInCoreHours(List<LocalTime[]> spans, Hours hours) {
        List<LocalTime[]> clipped = new ArrayList<>();
        for (LocalTime[] span : spans) {
            LocalTime start = span[0].isBefore(hours.opens()) ? hours.opens() : span[0];
            LocalTime end = span[1].isAfter(hours.closes()) ? hours.closes() : span[1];
            if (end.isAfter(start)) {
                clipped.add(new LocalTime[] {start, end});
            }
        }
        clipped.sort(Comparator.comparing((LocalTime[] span) -> span[0]));
        long total = 0;
        LocalTime[] open = null;
        for (LocalTime[] span : clipped) {
            if (open != null && !span[0].isAfter(open[1])) {
                open[1] = span[1].isAfter(open[1]) ? span[1] : open[1];
                continue;
            }
            if (open != null) {
                total += Duration.between(open[0], open[1]).toMinutes();
            }
            open = new LocalTime[] {span[0], span[1]};
        }
        return open == null ? total : total + Duration.between(open[0], open[1]).toMinutes();
    }

    /**
     * The days, with a day of no requests added (all counts 0) for each day the front door was closed with none: a
     * whole day paused is in the day table and the CSV, and their closed minutes add up to the total.
     */
    static List<Demand.DayCounts> withClosedDays(List<Demand.DayCounts> days, Map<LocalDate, Long> closedMinutes) {
        Map<LocalDate, Demand.DayCounts> byDay = new TreeMap<>();
        days.forEach(d -> byDay.put(d.day(), d));
        closedMinutes.forEach((day, minutes) -> {
            if (minutes > 0) {
                byDay.putIfAbsent(
                        day, new Demand.DayCounts(day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            }
        });
        return List.copyOf(byDay.values());
    }
}
