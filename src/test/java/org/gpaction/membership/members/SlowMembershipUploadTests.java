package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.gpaction.common.GpActionProperties;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
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
    /** The uploads folder's files as this test began: other contexts' imports share the folder. */
    Set<Path> filesBefore;

    @BeforeEach
    void setUp() {
        filesBefore = Set.copyOf(filesInUploads());
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

        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer " + token
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

            out.write(rest);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
        assertThat(filesKeptForImports())
                .as("the copy of the upload is deleted")
                .isEmpty();
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
        assertThat(filesKeptForImports())
                .as("the copy of the upload is deleted")
                .isEmpty();
    }

    private String row(int n) {
        String number = "SLOW" + tag + n;
        return number + "," + (1_000_000 + Math.floorMod((tag + n).hashCode(), 8_000_000)) + ",Ada,Slow,"
                + number.toLowerCase() + "@slow.test,ACTIVE,2015-04-01,2015-04-01,SALARIED," + practice
                + ",2016-01-01,\n";
    }

    /** Sessions of this database in a transaction whose statement is the import's staging of rows. */
    private long importTransactions() {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null
                          and query like '%import_row%'
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
    private java.util.List<Path> filesKeptForImports() {
        return filesInUploads().stream()
                .filter(file -> !filesBefore.contains(file))
                .toList();
    }

    private java.util.List<Path> filesInUploads() {
        Path uploads = app.dataDir().resolve("uploads");
        if (!Files.isDirectory(uploads)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
