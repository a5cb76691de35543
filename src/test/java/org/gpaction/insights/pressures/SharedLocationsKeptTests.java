package org.gpaction.insights.pressures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.gpaction.capacity.WorkingDays;
import org.gpaction.insights.InsightsFixtures;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;
import org.gpaction.practices.ListSizes;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sub-ICB locations no LMC counts whole are worked out from every LMC and location of the directory, once for the
 * data as an import leaves it, not again for each LMC's page: counted by how often every sub-ICB location is asked for.
 */
@GpActionTest
class SharedLocationsKeptTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Areas areas;

    @Autowired
    WorkingDays workingDays;

    @Autowired
    ListSizes listSizes;

    @Autowired
    Practices practices;

    @Test
    void theSharedLocationsAreWorkedOutOnceForEachImportNotForEachLmcsPage() {
        String firstIcb = areaCode();
        String secondIcb = areaCode();
        String shared = areaCode();
        String practiceA = TestPractices.addInArea(jdbc, firstIcb, shared);
        String practiceB = TestPractices.addInArea(jdbc, secondIcb, shared);
        String lmcA = "Kept LMC A " + areaCode();
        String lmcB = "Kept LMC B " + areaCode();
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        Http.Response mapped = api.importPractices(
                "lmcs",
                "lmcs.csv",
                ("lmc_name,area_code\n" + lmcA + "," + firstIcb + "\n" + lmcB + "," + secondIcb + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(201);
        api.rebuildAreasWith(practiceA);
        Areas counted = Mockito.spy(areas);
        Pressures pressures = new Pressures(jdbc, counted, workingDays, listSizes, practices);

        pressures.of(lmc(lmcA));
        pressures.of(lmc(lmcB));
        assertThat(everyLocationAskedFor(counted))
                .as("two LMCs' pages, neither shown before, with no import between them")
                .isEqualTo(1);

        api.rebuildAreasWith(practiceB);
        pressures.of(lmc(lmcA));
        pressures.of(lmc(lmcB));
        assertThat(everyLocationAskedFor(counted))
                .as("the same two pages again after an import")
                .isEqualTo(2);
    }

    private Area lmc(String name) {
        return areas.find(AreaKind.LMC, name).orElseThrow();
    }

    private static long everyLocationAskedFor(Areas counted) {
        return Mockito.mockingDetails(counted).getInvocations().stream()
                .filter(call -> call.getMethod().getName().equals("all") && call.getArguments()[0] == AreaKind.SUB_ICB)
                .count();
    }

    /** Longer than any real sub-ICB code, as the other insights tests' codes are. */
    private static String areaCode() {
        return "Q" + UUID.randomUUID().toString().substring(0, 7).toUpperCase(Locale.ROOT);
    }
}
