package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gpaction.GpActionApplication;
import org.gpaction.support.ChildApplication;
import org.gpaction.support.ClockFromProperty;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application is killed (SIGKILL) while reception and the front door are sending requests. After a restart every
 * outcome a client was given is stored as given, and no clinician is over their cap.
 */
class CapacityCrashTests {

    static final String ADMIN = "crash.capacity@union.test";
    static final String PASSWORD = "pebble harbour lantern";
    static final String PRACTICE = "K00002";

    @TempDir
    Path dataDir;

    @Test
    void everyOutcomeAClientWasGivenIsStoredAfterACrashAndNoClinicianIsOverCap() throws Exception {
        ChildApplication app = ChildApplication.start(
                List.of(ChildApplication.QUICK_START),
                List.of(
                        "--gpaction.data-dir=" + dataDir,
                        "--" + ClockFromProperty.PROPERTY + "=" + CapacityTestData.A_WORKING_MORNING,
                        "--gpaction.bootstrap-admin.email=" + ADMIN,
                        "--gpaction.bootstrap-admin.password=" + PASSWORD));
        int port = app.port();
        Map<Long, String> given = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            Http http = new Http(port);
            String token = http.postJson("/api/tokens", Map.of("email", ADMIN, "password", PASSWORD))
                    .json()
                    .get("token")
                    .asString();
            post(port, token, "/api/practices/imports?format=epraccur&fileName=epraccur.csv", epraccur());
            assertThat(http.postJson(
                                    "/api/practices/" + PRACTICE + "/actions",
                                    Map.of("actionNumber", 1, "from", "2024-08-05"),
                                    token)
                            .status())
                    .isEqualTo(201);
            assertThat(http.putJson(
                                    "/api/practices/" + PRACTICE + "/capacity/settings",
                                    CapacityTestData.settings(
                                            clinicians(), CapacityTestData.allDay(), "STAY_OPEN_SIGNPOST", 2),
                                    token)
                            .status())
                    .isEqualTo(200);
            for (int i = 0; i < 400; i++) {
                String channel = i % 3 == 0 ? "ONLINE" : "RECEPTION";
                String kind = i % 5 == 0 ? "URGENT" : "ROUTINE";
                clients.submit(() -> {
                    try {
                        Http.Response answer = new Http(port)
                                .postJson(
                                        "/api/practices/" + PRACTICE + "/contacts",
                                        Map.of("channel", channel, "kind", kind),
                                        token);
                        if (answer.status() == 201) {
                            given.put(
                                    answer.json().get("id").asLong(),
                                    answer.json().get("outcome").asString());
                        }
                    } catch (RuntimeException lostInTheCrash) {
                        // A request cut off by the crash gave its client no outcome: nothing to check.
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> given.size() >= 60);
            app.kill();
            clients.shutdownNow();
        } finally {
            app.kill();
            clients.shutdownNow();
        }
        assertThat(given).as("the crash cut the run short").isNotEmpty().hasSizeLessThan(400);
        assertThat(given.values()).as("bookings were answered before the crash").contains("BOOKED");

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(GpActionApplication.class)
                .run(
                        "--server.port=0",
                        "--gpaction.data-dir=" + dataDir,
                        "--gpaction.test.shared-database=false",
                        "--gpaction.test.shared-mailbox=false")) {
            JdbcClient jdbc = restarted.getBean(JdbcClient.class);
            given.forEach(
                    (id, outcome) -> assertThat(jdbc.sql("select outcome from capacity.contact_request where id = :id")
                                    .param("id", id)
                                    .query(String.class)
                                    .optional())
                            .as("request %d", id)
                            .contains(outcome));
            assertThat(jdbc.sql("select count(*) from capacity.clinician_day where used > cap")
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(jdbc.sql("""
                            select count(*) from capacity.clinician_day d where d.used <> (
                                select count(*) from capacity.contact_request r
                                where r.clinician_id = d.clinician_id and r.day = d.day and r.outcome = 'BOOKED'
                                  and r.undone_at is null)
                            """).query(Long.class).single())
                    .as("clinician days whose count differs from the bookings stored")
                    .isZero();
            assertThat(jdbc.sql("select count(*) from capacity.contact_request where outcome = 'BOOKED'")
                            .query(Long.class)
                            .single())
                    .as("the crash came while bookings were still being made, before the practice was full")
                    .isLessThan(CLINICIANS * 25L);
        }
    }

    /** Room for 200 contacts, so that the crash comes while requests are still being booked. */
    static final int CLINICIANS = 8;

    private static List<Map<String, Object>> clinicians() {
        List<Map<String, Object>> clinicians = new java.util.ArrayList<>();
        for (int i = 1; i <= CLINICIANS; i++) {
            clinicians.add(CapacityTestData.clinician("GP " + i, 25, CapacityTestData.EVERY_DAY));
        }
        return clinicians;
    }

    private static String epraccur() {
        return "\"" + PRACTICE + "\",\"CRASH SURGERY\",\"Y63\",\"QHM\",\"1 ROAD\",\"\",\"TOWN\",\"\",\"\",\"TS1 1AA\","
                + "\"19740401\",\"\",\"A\",\"B\",\"16C\",\"20200401\",\"\",\"01642 000000\",\"\",\"\",\"\",\"0\",\"\","
                + "\"16C\",\"\",\"4\",\"\"\n";
    }

    private static void post(int port, String token, String path, String csv) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Content-Type", "text/csv")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    }
}
