package org.gpaction.capacity.evidence;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gpaction.capacity.routing.FullSpans;
import org.gpaction.capacity.setup.Hours;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.SetupsInForce;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * When a practice's online front door was closed in core hours: while full, at the times the practice closed it when
 * full, and while paused. A figure of one practice's set-up, so it stands beside that practice's demand and never in an
 * area's.
 */
@Repository
class FrontDoorClosures {

    private final JdbcClient jdbc;
    private final PracticeSetups setups;
    private final SetupsInForce inForce;
    private final Clock clock;

    FrontDoorClosures(JdbcClient jdbc, PracticeSetups setups, SetupsInForce inForce, Clock clock) {
        this.jdbc = jdbc;
        this.setups = setups;
        this.inForce = inForce;
        this.clock = clock;
    }

    /** Each day's closed minutes for the practice; none for a practice with no set-up. */
    Map<LocalDate, Long> minutesByDay(String odsCode, LocalDate from, LocalDate to) {
        return setups.find(odsCode).map(setup -> minutesByDay(setup, from, to)).orElse(Map.of());
    }

    /**
     * A part of a day with one set-up in force: from {@code from} up to {@code to}, UK time, the front door closed when
     * full or not, and the day's core hours then (null for none that weekday).
     */
    record Part(LocalTime from, LocalTime to, boolean closesWhenFull, Hours coreHours) {}

    /**
     * Minutes in core hours each day that the online front door was closed: while the practice was full, at the times
     * it closed when full ({@link FullSpans}: from the booking or the change to the day's caps that filled it, or a
     * request turned away, to the next routine booking with room, or the close of core hours), and any pause by the
     * practice. A minute that was both is counted once, and bank holidays count none. Each part of a day is counted with
     * the front-door choice and core hours in force then ({@link SetupsInForce}; before the first kept, with the first);
     * a practice with none kept, with its set-up as it is now. Counted only up to now: a pause set for days ahead, or a
     * door closed when full until the end of the day, is evidence of the time it has been closed, not of time to come.
     */
    private Map<LocalDate, Long> minutesByDay(PracticeSetup setup, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(UkTime.ZONE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(UkTime.ZONE).toInstant();
        List<SetupsInForce.InForce> kept = inForce.between(setup.odsCode(), start, end);
        if (kept.isEmpty()) {
            kept = List.of(new SetupsInForce.InForce(start, setup.whenFull(), setup.coreHours()));
        }
        Map<LocalDate, List<LocalTime[]>> full = new TreeMap<>();
        if (kept.stream().anyMatch(k -> k.whenFull() == WhenFull.CLOSE)) {
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
                        full.computeIfAbsent(day, d -> new ArrayList<>()).add(new LocalTime[] {
                            timeOn(day, rs.getTimestamp("closed_from").toInstant()),
                            reopened == null ? LocalTime.MAX : timeOn(day, reopened.toInstant())
                        });
                        return day;
                    })
                    .list();
        }
        Map<LocalDate, List<LocalTime[]>> paused = new TreeMap<>();
        jdbc.sql("""
                        select starts_at, coalesce(least(lifted_at, ends_at), ends_at) as ends_at from capacity.suspension
                        where ods_code = :ods and starts_at < :to and ends_at > :from
                        """)
                .param("ods", setup.odsCode())
                .param("from", Timestamp.from(start))
                .param("to", Timestamp.from(end))
                .query((rs, row) -> {
                    Instant pauseStart = rs.getTimestamp("starts_at").toInstant();
                    Instant pauseEnd = rs.getTimestamp("ends_at").toInstant();
                    for (LocalDate day = pauseStart.atZone(UkTime.ZONE).toLocalDate();
                            !day.isAfter(pauseEnd.atZone(UkTime.ZONE).toLocalDate()) && !day.isAfter(to);
                            day = day.plusDays(1)) {
                        if (day.isBefore(from)) {
                            continue;
                        }
                        ZonedDateTime dayStart = day.atStartOfDay(UkTime.ZONE);
                        LocalTime pausedFrom = pauseStart.isAfter(dayStart.toInstant())
                                ? pauseStart.atZone(UkTime.ZONE).toLocalTime()
                                : LocalTime.MIN;
                        LocalTime pausedTo = pauseEnd.isBefore(day.plusDays(1)
                                        .atStartOfDay(UkTime.ZONE)
                                        .toInstant())
                                ? pauseEnd.atZone(UkTime.ZONE).toLocalTime()
                                : LocalTime.MAX;
                        paused.computeIfAbsent(day, d -> new ArrayList<>()).add(new LocalTime[] {pausedFrom, pausedTo});
                    }
                    return pauseStart;
                })
                .list();
        PracticeCalendar calendar = setups.calendar(setup, from, to);
        ZonedDateTime now = clock.instant().atZone(UkTime.ZONE);
        TreeSet<LocalDate> days = new TreeSet<>(full.keySet());
        days.addAll(paused.keySet());
        Map<LocalDate, Long> minutes = new LinkedHashMap<>();
        for (LocalDate day : days) {
            List<Part> parts = parts(day, kept);
            if (calendar.bankHolidays().contains(day)
                    || day.isAfter(now.toLocalDate())
                    || parts.stream().allMatch(part -> part.coreHours() == null)) {
                continue;
            }
            List<LocalTime[]> fullThen = full.getOrDefault(day, List.of());
            List<LocalTime[]> pausedThen = paused.getOrDefault(day, List.of());
            if (day.equals(now.toLocalDate())) {
                fullThen = upTo(fullThen, now.toLocalTime());
                pausedThen = upTo(pausedThen, now.toLocalTime());
            }
            minutes.put(day, minutesClosed(fullThen, pausedThen, parts));
        }
        return minutes;
    }

    /**
     * The parts of a day by the set-up in force in each, {@code kept} in order: the one in force as the day began (or,
     * none then, the first), then each kept from a time during the day, from that minute.
     */
    static List<Part> parts(LocalDate day, List<SetupsInForce.InForce> kept) {
        Instant dayStart = day.atStartOfDay(UkTime.ZONE).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(UkTime.ZONE).toInstant();
        SetupsInForce.InForce current = kept.get(0);
        List<SetupsInForce.InForce> during = new ArrayList<>();
        for (SetupsInForce.InForce k : kept) {
            if (!k.from().isAfter(dayStart)) {
                current = k;
            } else if (k.from().isBefore(dayEnd)) {
                during.add(k);
            }
        }
        List<Part> parts = new ArrayList<>();
        LocalTime partFrom = LocalTime.MIN;
        for (SetupsInForce.InForce next : during) {
            // Known edge: of two changes in the hour repeated when clocks go back, the first's part runs backwards (0).
            LocalTime changedAt = timeOn(day, next.from()).truncatedTo(ChronoUnit.MINUTES);
            parts.add(part(day, partFrom, changedAt, current));
            partFrom = changedAt;
            current = next;
        }
        parts.add(part(day, partFrom, LocalTime.MAX, current));
        return parts;
    }

    private static Part part(LocalDate day, LocalTime from, LocalTime to, SetupsInForce.InForce inForce) {
        return new Part(
                from,
                to,
                inForce.whenFull() == WhenFull.CLOSE,
                inForce.coreHours().get(day.getDayOfWeek()));
    }

    /**
     * A day's closed minutes: in each part of it, the pauses, and while full if the front door closed when full then,
     * within that part's core hours; each minute once, however many reasons it was closed.
     */
    static long minutesClosed(List<LocalTime[]> full, List<LocalTime[]> paused, List<Part> parts) {
        List<LocalTime[]> closed = new ArrayList<>();
        for (Part part : parts) {
            if (part.coreHours() == null) {
                continue;
            }
            LocalTime opens = later(part.from(), part.coreHours().opens());
            LocalTime closes = earlier(part.to(), part.coreHours().closes());
            closed.addAll(clipped(paused, opens, closes));
            if (part.closesWhenFull()) {
                closed.addAll(clipped(full, opens, closes));
            }
        }
        return minutesOnce(closed);
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

    /** The parts of the spans from {@code from} up to {@code to}. */
    private static List<LocalTime[]> clipped(List<LocalTime[]> spans, LocalTime from, LocalTime to) {
        List<LocalTime[]> clipped = new ArrayList<>();
        for (LocalTime[] span : spans) {
            LocalTime start = later(span[0], from);
            LocalTime end = earlier(span[1], to);
            if (end.isAfter(start)) {
                clipped.add(new LocalTime[] {start, end});
            }
        }
        return clipped;
    }

    private static LocalTime later(LocalTime one, LocalTime other) {
        return one.isAfter(other) ? one : other;
    }

    private static LocalTime earlier(LocalTime one, LocalTime other) {
        return one.isBefore(other) ? one : other;
    }

    /** The minutes inside any of the spans, each minute once however many spans hold it. */
    private static long minutesOnce(List<LocalTime[]> spans) {
        List<LocalTime[]> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing((LocalTime[] span) -> span[0]));
        long total = 0;
        LocalTime[] open = null;
        for (LocalTime[] span : sorted) {
            if (open != null && !span[0].isAfter(open[1])) {
                open[1] = later(span[1], open[1]);
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
