package org.gpaction.capacity.setup;

import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.web.InvalidRequest;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * England and Wales bank holidays, which are never working days: 2018 to 2027 are shipped; administrators add a
 * holiday declared later (a coronation, a jubilee) or remove one. Everyone may read them.
 */
@Service
class BankHolidays {

    record Holiday(LocalDate day, String name) {}

    private final JdbcClient jdbc;

    BankHolidays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Holiday> holidays() {
        return jdbc.sql("select day, name from capacity.bank_holiday order by day")
                .query((rs, row) -> new Holiday(rs.getDate("day").toLocalDate(), rs.getString("name")))
                .list();
    }

    Holiday save(String day, String name) {
        LocalDate on = date(day);
        String text = name == null ? "" : name.strip();
        if (text.isEmpty() || text.length() > 100) {
            throw InvalidRequest.field("name", "Name the holiday in 100 characters or fewer");
        }
        if (!PlainText.isOneLine(text)) {
            throw InvalidRequest.field("name", "Name the holiday on one line, without tabs or control characters");
        }
        jdbc.sql("""
                        insert into capacity.bank_holiday (day, name) values (:day, :name)
                        on conflict (day) do update set name = excluded.name
                        """).param("day", Date.valueOf(on)).param("name", text).update();
        return new Holiday(on, text);
    }

    boolean delete(LocalDate day) {
        return jdbc.sql("delete from capacity.bank_holiday where day = :day")
                        .param("day", Date.valueOf(day))
                        .update()
                > 0;
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
            throw InvalidRequest.field(
                    "day", "Give a day from " + CapacityDates.EARLIEST + " to " + CapacityDates.LATEST);
        }
        return day;
    }
}
