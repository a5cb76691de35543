package org.gpaction.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.support.ChildApplication;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A membership file as large as the import allows goes in whole through a server with a 512 MB heap: the file is
 * streamed into PostgreSQL, never held in memory. The server runs in its own JVM so that its heap is really that
 * small, and it exits if it ever runs out.
 */
class LargestMemberFileTests {

    static final long LIMIT = 104_857_600;
    static final String ADMIN = "large.import@union.test";
    static final String PASSWORD = "quarry lantern pebble";

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    @Test
    void aFileAtTheSizeLimitImportsWithinA512MbHeap() throws Exception {
        Path file = files.resolve("members.csv");
        int rows = writeMemberFile(file, LIMIT);
        assertThat(Files.size(file)).isBetween(LIMIT - 200, LIMIT);

        ChildApplication server = ChildApplication.start(
                List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
                List.of(
                        "--gpaction.data-dir=" + dataDir,
                        "--gpaction.bootstrap-admin.email=" + ADMIN,
                        "--gpaction.bootstrap-admin.password=" + PASSWORD));
        int port = server.port();
        try {
            Http client = new Http(port);
            String token = client.postJson("/api/tokens", Map.of("email", ADMIN, "password", PASSWORD))
                    .json()
                    .get("token")
                    .asString();

            HttpResponse<String> imported = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://localhost:" + port + "/api/members/imports?fileName=all.csv"))
                                    .header("Content-Type", "text/csv")
                                    .header("Authorization", "Bearer " + token)
                                    .timeout(Duration.ofMinutes(10))
                                    .POST(HttpRequest.BodyPublishers.ofFile(file))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(imported.statusCode())
                    .as(imported.body() + server.logTail())
                    .isEqualTo(200);
            JsonNode result = JsonMapper.builder().build().readTree(imported.body());
            assertThat(result.get("rowsRead").asInt()).isEqualTo(rows);
            assertThat(result.get("created").asInt()).isEqualTo(rows);
            assertThat(server.isAlive())
                    .as("the server is still up" + server.logTail())
                    .isTrue();
            assertThat(client.get("/api/members/L" + (rows - 1), token)
                            .json()
                            .get("roles")
                            .size())
                    .isEqualTo(1);
        } finally {
            server.stop();
        }
    }

    /** One row per member, each a locum with no fixed practice, until the next row would pass the limit. */
    private static int writeMemberFile(Path file, long limit) throws IOException {
        String header = String.join(
                        ",",
                        List.of(
                                "membership_number",
                                "gmc_number",
                                "given_name",
                                "family_name",
                                "email",
                                "membership_status",
                                "status_since",
                                "joined_on",
                                "role",
                                "practice_ods",
                                "role_from",
                                "role_to"))
                + "\n";
        long written = header.length();
        int rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(header);
            while (true) {
                String row = "L" + rows + "," + (1_000_000 + rows) + ",Given" + rows + ",Family-Name" + rows
                        + ",member." + rows + "@large.example.org,ACTIVE,2015-04-01,2015-04-01,LOCUM,,2016-01-01,\n";
                if (written + row.length() > limit) {
                    return rows;
                }
                out.write(row);
                written += row.length();
                rows++;
            }
        }
    }
}
