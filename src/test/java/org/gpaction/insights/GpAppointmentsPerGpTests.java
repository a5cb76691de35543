package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.AppointmentsImportTests.PRACTICE_HEADER;
import static org.gpaction.insights.AppointmentsImportTests.practiceRow;
import static org.gpaction.insights.PublicationFixtures.areaCode;
import static org.gpaction.insights.PublicationFixtures.utf8;

import java.time.YearMonth;
import java.util.List;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** GP appointments per GP per working day of an area, set against the GPs of the places they come from. */
@GpActionTest
class GpAppointmentsPerGpTests {

    /**
     * A month whose bank holidays are shipped (June 2018 has none: 21 working days) and that no other test imports
     * practice-level appointments or a workforce file for, as each replaces every practice of its month.
     */
    static final YearMonth MONTH = YearMonth.of(2018, 6);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /**
     * An ICB of two sub-ICB locations, one practice each: one with 4 GPs, one whose workforce row records no GP but
     * whose 300 GP appointments (by locums, say) were imported. Those 300 were added to the ICB's GP appointments
     * while its GPs added nothing, so the ICB showed 8.6 GP appointments per GP a day where its one practice with GPs
     * gives 5.0.
     */
    @Test
    void aPlaceWhoseWorkforceRecordsNoGpsAddsNoGpAppointmentsToItsAreasFigure() {
        String icb = areaCode();
        String withGpsArea = areaCode();
        String withoutGpsArea = areaCode();
        String withGps = TestPractices.addInArea(jdbc, icb, withGpsArea);
        String withoutGps = TestPractices.addInArea(jdbc, icb, withoutGpsArea);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        api.rebuildAreasWith(withGps);
        String appointments = PRACTICE_HEADER
                + gpAppointments(MONTH, withGps, withGpsArea, 420)
                + gpAppointments(MONTH, withoutGps, withoutGpsArea, 300);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(withGps, withGpsArea, icb, "6000", "4", "3")
                + WorkforceImportTests.row(withoutGps, withoutGpsArea, icb, "3000", "0", "0");
        for (Http.Response imported : List.of(
                api.importInsights("appointments", "practices.csv", "", utf8(appointments)),
                api.importInsights("workforce", "workforce.csv", "month=" + MONTH, utf8(workforce)))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        JsonNode practice = month(api.get("/api/insights/pressures/practice/" + withGps), MONTH);
        JsonNode area = month(api.get("/api/insights/pressures/icb/" + icb), MONTH);

        assertThat(practice.get("workingDays").asInt()).isEqualTo(21);
        assertThat(practice.get("gpAppointmentsPerGpPerDay").decimalValue()).isEqualByComparingTo("5.0");
        assertThat(area.get("gp").asLong())
                .as("the ICB's GP appointments are both places'")
                .isEqualTo(720);
        assertThat(area.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("set against GPs, only the GP appointments of the place that has some: 420 over 4 GPs and 21 days")
                .isEqualByComparingTo(practice.get("gpAppointmentsPerGpPerDay").decimalValue());
        String csvMonth = new Http(port)
                .get("/pressures/icb/" + icb + "/appointments.csv")
                .body()
                .lines()
                .filter(line -> line.startsWith(MONTH + ","))
                .findFirst()
                .orElseThrow();
        assertThat(csvMonth.split(",", -1)[10]).as(csvMonth).isEqualTo("5.0");
    }

    private static String gpAppointments(YearMonth month, String practice, String location, long count) {
        return practiceRow(
                month,
                practice,
                location,
                "GP",
                "Face-to-Face",
                "General Consultation Routine",
                "Same Day",
                count,
                "Attended");
    }

    private static JsonNode month(Http.Response pressures, YearMonth which) {
        assertThat(pressures.status()).as(pressures.body()).isEqualTo(200);
        for (JsonNode month : pressures.json().get("appointments")) {
            if (month.get("month").asString().equals(which.toString())) {
                return month;
            }
        }
        throw new AssertionError("No " + which + " in " + pressures.body());
    }
}
