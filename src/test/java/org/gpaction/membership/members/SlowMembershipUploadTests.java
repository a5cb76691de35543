package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.gpaction.common.GpActionProperties;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.SlowUploads;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A membership file sent slowly through the API holds no database connection while its body arrives: the import
 * opens its transaction once the whole file is in, from a copy of its own that is deleted again afterwards.
 */
@GpActionTest
class SlowMembershipUploadTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GpActionProperties app;

    String practice;
    String tag;
    String token;
    SlowUploads uploads;

    @BeforeEach
    void setUp() {
        uploads = SlowUploads.watch(app, jdbc);
        practice = TestPractices.add(jdbc);
        tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        token = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
    }

    @Test
    void aFileWhoseBodyIsStillArrivingHoldsNoTransaction_andImportsOnceItHasAllArrived() throws Exception {
        byte[] first =
                (String.join(",", MemberImport.COLUMNS) + "\n" + row(1) + row(2)).getBytes(StandardCharsets.UTF_8);
        byte[] rest = (row(3) + row(4)).getBytes(StandardCharsets.UTF_8);
        String path = "/api/members/imports?fileName=slow-" + tag.toLowerCase() + ".csv";

        try (SlowUploads.Sending sending = uploads.start(port, path, token, first, rest)) {
            sending.assertNoImportTransactionUntilTheRestArrives("%import_row%");

            String answer = sending.finish();
            assertThat(answer)
                    .startsWith("HTTP/1.1 200")
                    .contains("\"rowsRead\":4")
                    .contains("\"created\":4");
        }
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :n")
                        .param("n", "SLOW" + tag + "%")
                        .query(Integer.class)
                        .single())
                .isEqualTo(4);
        assertThat(uploads.filesAdded()).as("the copy of the upload is deleted").isEmpty();
    }

    @Test
    void aBadRowStillNamesItsLine_changesNothing_andLeavesNoCopyBehind() {
        String file = String.join(",", MemberImport.COLUMNS) + "\n" + row(1) + row(2).replace("ACTIVE", "ASLEEP");

        Http.Response refused = new Http(port).postCsv("/api/members/imports?fileName=slow-bad.csv", file, token);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("problems").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(refused.json().get("problems").get(0).get("field").asString())
                .isEqualTo("membership_status");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :n")
                        .param("n", "SLOW" + tag + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(uploads.filesAdded()).as("the copy of the upload is deleted").isEmpty();
    }

    private String row(int n) {
        String number = "SLOW" + tag + n;
        return number + "," + (1_000_000 + Math.floorMod((tag + n).hashCode(), 8_000_000)) + ",Ada,Slow,"
                + number.toLowerCase() + "@slow.test,ACTIVE,2015-04-01,2015-04-01,SALARIED," + practice
                + ",2016-01-01,\n";
    }
}
