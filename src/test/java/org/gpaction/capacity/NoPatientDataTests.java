package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Safe working works on counts and request metadata: no column could hold who a patient is or what they said. */
@GpActionTest
class NoPatientDataTests {

    static final Pattern IDENTIFYING = Pattern.compile(
            ".*(name|nhs|birth|dob|address|postcode|email|phone|note|comment|free_?text|message|description|"
                    + "symptom|detail|patient|ip).*");

    /** Columns whose names match but hold the practice's own data, each with why it is allowed. */
    static final List<String> PRACTICE_DATA = List.of(
            // the practice's chosen label for a clinician, and the signposts it publishes (places, not people)
            "clinician.label",
            "practice_setup.signposts",
            // who on the practice's staff made a change: staff, not patients
            "setup_log.what",
            "suspension.reason",
            // a count of NHS 111 bookings, and the names of bank holidays
            "practice_day.nhs111_booked",
            "bank_holiday.name",
            // the practice's comment on its own weekly alert state, for its LMC
            "alert_state.comment");

    @Autowired
    JdbcClient jdbc;

    @Test
    void noCapacityColumnCouldHoldPatientIdentifiableData() {
        List<String> columns = jdbc.sql("""
                        select table_name || '.' || column_name from information_schema.columns
                        where table_schema = 'capacity' and table_name not like 'flyway%'
                        """).query(String.class).list();
        assertThat(columns).contains("contact_request.channel", "contact_request.kind", "contact_request.outcome");
        List<String> suspicious = columns.stream()
                .filter(column -> IDENTIFYING
                        .matcher(column.substring(column.indexOf('.') + 1))
                        .matches())
                .filter(column -> !PRACTICE_DATA.contains(column))
                .toList();
        assertThat(suspicious).isEmpty();
    }

    @Test
    void theRuleCatchesAPatientColumn() {
        assertThat(IDENTIFYING.matcher("patient_name").matches()).isTrue();
        assertThat(IDENTIFYING.matcher("nhs_number").matches()).isTrue();
        assertThat(IDENTIFYING.matcher("date_of_birth").matches()).isTrue();
        assertThat(IDENTIFYING.matcher("free_text").matches()).isTrue();
        assertThat(IDENTIFYING.matcher("received_at").matches()).isFalse();
    }
}
