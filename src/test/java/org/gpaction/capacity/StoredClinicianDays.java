package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A clinician's day as stored, and the check that every day's count is the bookings stored with it. */
public final class StoredClinicianDays {

    /** A clinician's cap for the day, the cap asked for it (null if none) and the contacts used. */
    public record ClinicianDay(int cap, Integer asked, int used) {}

    private StoredClinicianDays() {}

    public static ClinicianDay clinicianDay(JdbcClient jdbc, long clinician, LocalDate day) {
        return jdbc.sql(
                        "select cap, asked_cap, used from capacity.clinician_day where clinician_id = :id and day = :day")
                .param("id", clinician)
                .param("day", Date.valueOf(day))
                .query((rs, row) ->
                        new ClinicianDay(rs.getInt("cap"), rs.getObject("asked_cap", Integer.class), rs.getInt("used")))
                .single();
    }

    /** Every clinician's count of contacts is the bookings stored with them, each with a number of its own. */
    public static void assertCountsAreTheBookingsStored(JdbcClient jdbc, String ods) {
        assertThat(jdbc.sql("""
                        select count(*) from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.used <> (
                            select count(distinct r.contact_number) from capacity.contact_request r
                            where r.clinician_id = d.clinician_id and r.day = d.day and r.outcome = 'BOOKED'
                              and r.undone_at is null)
                        """).param("ods", ods).query(Integer.class).single())
                .as("clinician days whose count differs from the numbered bookings stored")
                .isZero();
    }
}
