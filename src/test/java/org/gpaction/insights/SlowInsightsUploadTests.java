package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.insights.PublicationFixtures.areaCode;
import static org.gpaction.insights.PublicationFixtures.practiceCode;
import static org.gpaction.insights.PublicationFixtures.unusedMonth;
import static org.gpaction.insights.PublicationFixtures.utf8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gpaction.common.GpActionProperties;
import org.gpaction.insights.PublicationFixtures.Api;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
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
    /** The uploads folder's files as this test began: other contexts' imports share the folder. */
    Set<Path> filesBefore;

    @BeforeEach
    void signIn() {
        filesBefore = Set.copyOf(filesInUploads());
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

        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer " + api.adminToken
                            + "\r\nContent-Type: text/csv\r\nAccept: application/json\r\nContent-Length: "
                            + (first.length + rest.length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(first);
            out.flush();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bytesKeptForImports() == first.length || importTransactions() > 0);
            assertThat(importTransactions())
                    .as("database sessions with a transaction open for the import while its body arrives")
                    .isZero();
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

            out.write(rest);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 201").contains("\"rowsRead\":2");
        }
        assertThat(jdbc.sql("select count(*) from insights.workforce_practice where ods_code = :practice")
                        .param("practice", practice)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(filesKeptForImports())
                .as("the copy of the upload is deleted")
                .isEmpty();
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
        assertThat(filesKeptForImports())
                .as("the copy of the upload is deleted")
                .isEmpty();
    }

    /** Sessions of this database in a transaction whose last statement took the insights import lock. */
    private long importTransactions() {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null
                          and query like '%insights.import''%'
                        """).query(Long.class).single();
    }

    private long bytesKeptForImports() {
        return filesKeptForImports().stream()
                .mapToLong(file -> {
                    try {
                        return Files.size(file);
                    } catch (IOException e) {
                        return 0;
                    }
                })
                .sum();
    }

    /** The files in the uploads folder that were not there when this test began. */
    private List<Path> filesKeptForImports() {
        return filesInUploads().stream()
                .filter(file -> !filesBefore.contains(file))
                .toList();
    }

    private List<Path> filesInUploads() {
        Path uploads = app.dataDir().resolve("uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
