package org.gpaction.capacity.setup;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * England and Wales bank holidays, which are never working days: 2018 to 2027 are shipped; administrators add a
 * holiday declared later (a coronation, a jubilee) or remove one. Everyone may read them.
 */
@Service
class BankHolidays {

    record Holiday(LocalDate day, String name) {}

    /** A holiday added or removed: by whom and when. */
    record Change(Instant at, String by, String what) {

        public String atText() {
            return UkTime.format(at);
        }
    }

    /** How far ahead the holidays on record must reach before administrators are no longer asked to add more. */
    static final Period REACH_AT_LEAST = Period.ofMonths(6);

    /** A holiday added for a day already on the list: nothing is added, renamed or logged. */
    static final class AlreadyAHoliday extends ResponseStatusException {

        AlreadyAHoliday(LocalDate day, String name) {
            super(
                    HttpStatus.CONFLICT,
                    UkTime.day(day) + " is already a bank holiday, " + name
                            + ": nothing was added. To rename it, remove it and add it again");
        }
    }

    /** The holidays on record run out soon: every weekday after the last one counts as a working day. */
    record RunningOut(Optional<LocalDate> last) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    BankHolidays(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Holiday> holidays() {
        return jdbc.sql("select day, name from capacity.bank_holiday order by day")
                .query((rs, row) -> new Holiday(rs.getDate("day").toLocalDate(), rs.getString("name")))
                .list();
    }

    /**
     * Whether the holidays on record end less than {@link #REACH_AT_LEAST} from today, or have ended: nothing else
     * knows the holidays after them, so a practice would quietly work through Christmas.
     */
    Optional<RunningOut> runningOut() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        Optional<LocalDate> last = jdbc.sql("select day from capacity.bank_holiday order by day desc limit 1")
                .query(LocalDate.class)
                .optional();
        return last.isPresent() && !last.get().isBefore(today.plus(REACH_AT_LEAST))
                ? Optional.empty()
                : Optional.of(new RunningOut(last));
    }

    @Transactional
    Holiday save(String day, String name, String by) {
        LocalDate on = date(day);
        String text = name == null ? "" : name.strip();
        if (text.isEmpty() || text.length() > 100) {
            throw InvalidRequest.field("name", "Name the holiday in 100 characters or fewer");
        }
        if (TypedText.hasControlCharacters(text)) {
            throw InvalidRequest.field("name", "Name the holiday on one line, without tabs or control characters");
        }
        // Adding is not renaming: a day on the list keeps its name, and the answer says so rather than "Added".
        int added =
                jdbc.sql("""
                        insert into capacity.bank_holiday (day, name) values (:day, :name)
                        on conflict (day) do nothing
                        """).param("day", Date.valueOf(on)).param("name", text).update();
        if (added == 0) {
            throw new AlreadyAHoliday(
                    on,
                    jdbc.sql("select name from capacity.bank_holiday where day = :day")
                            .param("day", Date.valueOf(on))
                            .query(String.class)
                            .optional()
                            .orElse(text));
        }
        log(by, "Added " + on + ", " + text + ", as a bank holiday");
        return new Holiday(on, text);
    }

    @Transactional
    boolean delete(LocalDate day, String by) {
        Optional<String> removed = jdbc.sql("delete from capacity.bank_holiday where day = :day returning name")
                .param("day", Date.valueOf(day))
                .query(String.class)
                .optional();
        removed.ifPresent(name -> log(by, "Removed " + day + ", " + name + ": a working day again"));
        return removed.isPresent();
    }

    /** The latest changes, newest first. */
    List<Change> changes(int most) {
        return jdbc.sql("select at, by, what from capacity.bank_holiday_log order by at desc, id desc limit :most")
                .param("most", most)
                .query((rs, row) ->
                        new Change(rs.getTimestamp("at").toInstant(), rs.getString("by"), rs.getString("what")))
                .list();
    }

    private void log(String by, String what) {
        jdbc.sql("insert into capacity.bank_holiday_log (at, by, what) values (:at, :by, :what)")
                .param("at", Timestamp.from(clock.instant()))
                .param("by", by)
                .param("what", what)
                .update();
    }

    static void adminOnly(StaffPrincipal staff) {
        if (staff.role() != StaffRole.ADMIN) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, CapacityForms.ADMINISTRATORS);
        }
    }

    static LocalDate date(String value) {
        LocalDate day;
        try {
            day = LocalDate.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field("day", "Give the day as yyyy-mm-dd, for example 2027-05-03");
        }
        if (!CapacityDates.isWithin(day)) {
            throw InvalidRequest.field("day", "Give a day from " + CapacityDates.rangeInWords());
        }
        return day;
    }
}
