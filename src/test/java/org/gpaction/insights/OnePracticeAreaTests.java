package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The pressures on an LMC and an ICB that have one practice between them, and on that practice. */
@GpActionTest
class OnePracticeAreaTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAreaOfOnePracticeCountsItsRegisteredPatientsAtOnePracticeNotOnePractices() {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String ods = data.practice(6_000);
        // An extract of its own, long before any other test's, so no other test's list sizes are replaced by it.
        new InsightsFixtures.Api(port).rebuildAreasWith(ods);

        Http visitor = new Http(port);
        for (String area : List.of(
                "lmc/" + URLEncoder.encode(data.lmc, StandardCharsets.UTF_8).replace("+", "%20"),
                "icb/" + data.icb(),
                "practice/" + ods)) {
            Http.Response page = visitor.get("/pressures/" + area);
            assertThat(page.status()).as(area).isEqualTo(200);
            assertThat(page.body().replaceAll("\\s+", " "))
                    .as(area)
                    .contains("6,000 at 1 practice on ")
                    .doesNotContain("1 practices");
        }
    }
}
