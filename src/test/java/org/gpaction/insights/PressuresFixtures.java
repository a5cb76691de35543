package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.AppointmentsImportTests.practiceRow;

import java.time.YearMonth;
import org.gpaction.support.Http;
import tools.jackson.databind.JsonNode;

/** The rows the pressures tests import and the months they read back, written once for every such test. */
final class PressuresFixtures {

    private PressuresFixtures() {}

    /** A practice-level appointments row: a practice's GP appointments of a month, face to face and attended. */
    static String gpAppointments(YearMonth month, String practice, String location, long count) {
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

    /** One month of an area's pressures as the API answers them, from its appointments or its workforce. */
    static JsonNode month(Http.Response pressures, String series, YearMonth wanted) {
        assertThat(pressures.status()).as(pressures.body()).isEqualTo(200);
        for (JsonNode month : pressures.json().get(series)) {
            if (month.get("month").asString().equals(wanted.toString())) {
                return month;
            }
        }
        throw new AssertionError("No " + wanted + " in " + pressures.body());
    }

    /** The text of one of a pressures page's latest figures, by its id. */
    static String headline(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("the page has a figure " + id).isNotNegative();
        int text = page.indexOf('>', start) + 1;
        return page.substring(text, page.indexOf("</dd>", text)).strip();
    }
}
