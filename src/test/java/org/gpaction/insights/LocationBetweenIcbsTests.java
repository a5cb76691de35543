package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sub-ICB location whose open practices name two ICBs, as a directory can while locations move between ICBs: the
 * location is in the ICB its first practice names, with all its practices, and the other ICB is no area.
 */
@GpActionTest
class LocationBetweenIcbsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aLocationWhosePracticesNameTwoIcbsIsInTheFirstsWithBoth_andTheOtherIcbIsNoArea() {
        // Codes of a shape no other test uses, so no other test's practices join these areas.
        String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String subIcb = "MV" + tag;
        String first = "QMV1" + tag;
        String second = "QMV2" + tag;
        String firstPractice = TestPractices.addInArea(jdbc, first, subIcb);
        String secondPractice = TestPractices.addInArea(jdbc, second, subIcb);
        // The areas are built again when the directory is imported: a one-row list-size extract long before any other
        // test's, so it replaces none of theirs.
        new InsightsFixtures.Api(port).rebuildAreasWith(firstPractice);

        Http visitor = new Http(port);
        Http.Response england = visitor.get("/api/insights/pressures");
        assertThat(england.status()).as(england.body()).isEqualTo(200);
        assertThat(visitor.get("/pressures").status()).isEqualTo(200);
        Http.Response icb = visitor.get("/api/insights/pressures/icb/" + first);
        assertThat(icb.status()).as(icb.body()).isEqualTo(200);
        assertThat(icb.json().get("area").get("practices").asInt()).isEqualTo(2);
        assertThat(icb.json().get("area").get("subIcbCodes").toString()).isEqualTo("[\"" + subIcb + "\"]");
        assertThat(visitor.get("/api/insights/pressures/icb/" + second).status())
                .isEqualTo(404);
        assertThat(visitor.get("/pressures/practice/" + secondPractice).body())
                .contains("href=\"/pressures/icb/" + first + "\"")
                .doesNotContain("/pressures/icb/" + second);
    }
}
