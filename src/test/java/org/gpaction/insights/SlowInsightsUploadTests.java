package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.PublicationFixtures.areaCode;
import static org.gpaction.insights.PublicationFixtures.practiceCode;
import static org.gpaction.insights.PublicationFixtures.unusedMonth;
import static org.gpaction.insights.PublicationFixtures.utf8;

import java.time.YearMonth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gpaction.common.GpActionProperties;
import org.gpaction.insights.PublicationFixtures.Api;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.SlowUploads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An NHS publication sent slowly through the API holds no database connection and no import lock while its body
 * arrives: the import opens its transaction once the whole file is in, from a copy of its own that is deleted again
 * afterwards, so other insights imports go ahead meanwhile.
 */
@GpActionTest
class SlowInsightsUploadTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GpActionProperties app;

    Api api;
    SlowUploads uploads;

    @BeforeEach
    void signIn() {
        uploads = SlowUploads.watch(app, jdbc);
        api = new Api(port);
    }

    @Test
    void aFileWhoseBodyIsStillArrivingHoldsNoTransaction_letsOtherImportsRun_andImportsOnceItHasAllArrived()
            throws Exception {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String icb = areaCode();
        String practice = practiceCode();
        byte[] first = utf8(
                WorkforceImportTests.HEADER + WorkforceImportTests.row(practiceCode(), area, icb, "10000", "5", "4"));
        byte[] rest = utf8(WorkforceImportTests.row(practice, area, icb, "6000", "3", "2"));
        String path = "/api/insights/imports?format=workforce&month=" + month + "&fileName=slow-workforce.csv";

        try (SlowUploads.Sending sending = uploads.start(port, path, api.adminToken, first, rest)) {
            sending.assertNoImportTransactionUntilTheRestArrives("%insights.import'%");
            String otherArea = areaCode();
            Http.Response other = CompletableFuture.supplyAsync(() -> api.importWorkforce(
                            unusedMonth().toString(),
                            "meanwhile.csv",
                            utf8(WorkforceImportTests.HEADER
                                    + WorkforceImportTests.row(practiceCode(), otherArea, icb, "5000", "2", "2"))))
                    .get(60, TimeUnit.SECONDS);
            assertThat(other.status())
                    .as("another import meanwhile: " + other.body())
                    .isEqualTo(201);

            String answer = sending.finish();
            assertThat(answer).startsWith("HTTP/1.1 201").contains("\"rowsRead\":2");
        }
        assertThat(jdbc.sql("select count(*) from insights.workforce_practice where ods_code = :practice")
                        .param("practice", practice)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(uploads.filesAdded()).as("the copy of the upload is deleted").isEmpty();
    }

    @Test
    void aBadFileStillNamesItsProblem_changesNothing_andLeavesNoCopyBehind() {
        String practice = practiceCode();
        String file = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(practice, areaCode(), areaCode(), "lots", "3", "2");

        Http.Response refused = api.importWorkforce(unusedMonth().toString(), "slow-bad.csv", utf8(file));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("problems").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(refused.json().get("problems").get(0).get("field").asString())
                .isEqualTo("TOTAL_PATIENTS");
        assertThat(jdbc.sql("select count(*) from insights.workforce_practice where ods_code = :practice")
                        .param("practice", practice)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(uploads.filesAdded()).as("the copy of the upload is deleted").isEmpty();
    }
}
