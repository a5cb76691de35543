package org.gpaction.capacity.routing;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.SetupSaved;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The moments a change to today (its caps changed for the day, the set-up saved) took away the last of the practice's
 * room for routine need with action 1 in force (capacity V22): from each the practice is full, as from a booking that
 * filled it ({@link Router#fills}), and the evidence counts it so ({@link FullSpans}), though nobody may be turned away.
 * A change on a day that had no routine room already records nothing. Recorded in the change's transaction, which holds
 * the day's lock as a booking does, and timed by the clock while that lock is held, so no booking falls between the
 * room read, the time and the moment recorded. A change before the day's core hours records their opening, and one
 * that gives room back, moves the opening or makes the day not open before then withdraws it (moving it with the
 * opening).
 */
@Component
class DayFills {

    private final JdbcClient jdbc;
    private final PracticeSetups setups;
    private final Clock clock;

    DayFills(JdbcClient jdbc, PracticeSetups setups, Clock clock) {
        this.jdbc = jdbc;
        this.setups = setups;
        this.clock = clock;
    }

    /**
     * Whether the day has room for routine need now ({@link PracticeSetups#hasRoutineRoom}), read before a change under
     * the day's lock.
     */
    boolean hasRoutineRoom(String odsCode, LocalDate day) {
        return setups.hasRoutineRoom(odsCode, day, true);
    }

    /**
     * Records a change made under the day's lock as the moment the day became full if it took the last routine room
     * away, its core hours not yet over, timed now.
     */
    void afterChange(String odsCode, LocalDate day, boolean hadRoutineRoom) {
        afterChange(odsCode, day, hadRoutineRoom, clock.instant());
    }

    /**
     * As {@link #afterChange(String, LocalDate, boolean)} at {@code at}: the moment recorded is {@code at}, or the
     * opening of the day's core hours when they had not begun. Every change first withdraws the day's moments still to
     * come (the opening a change before core hours recorded), as they were read from the day as it was; those already
     * past stay, as the practice was full until a booking shows the room. Then, if the day has no routine room and
     * either had some before the change or had a moment withdrawn, the change records the moment from the day as it
     * now is (none on a day that no longer opens).
     */
    void afterChange(String odsCode, LocalDate day, boolean hadRoutineRoom, Instant at) {
        int withdrawn = jdbc.sql(
                        "delete from capacity.day_filled where ods_code = :ods and day = :day and filled_at > :at")
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .param("at", Timestamp.from(at))
                .update();
        if ((hadRoutineRoom || withdrawn > 0) && !hasRoutineRoom(odsCode, day)) {
            fullFrom(odsCode, day, at)
                    .ifPresent(from -> jdbc.sql(
                                    "insert into capacity.day_filled (ods_code, day, filled_at) values (:ods, :day, :at)")
                            .param("ods", odsCode)
                            .param("day", Date.valueOf(day))
                            .param("at", Timestamp.from(from))
                            .update());
        }
    }

    /** A set-up saved changes today's caps (and the urgent reserve) under today's lock, in the save's transaction. */
    @EventListener
    void on(SetupSaved saved) {
        afterChange(saved.odsCode(), saved.day(), saved.hadRoutineRoom());
    }

    /**
     * From when the change leaves the practice full: {@code at} within the day's core hours, their opening before they
     * begin, none once they are over (nobody is turned away for being full then) or on a day they do not open.
     */
    private Optional<Instant> fullFrom(String odsCode, LocalDate day, Instant at) {
        return setups.find(odsCode)
                .flatMap(setup -> setups.calendar(setup, day).nextOpenAt(at))
                .filter(from -> PracticeCalendar.dayOf(from).equals(day));
    }
}
