package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.GpActionApplication;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.support.ChildApplication;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application is killed (SIGKILL) while votes are being cast. After a restart every receipt a voter was shown
 * is a counted vote, and no credential is burned without a vote nor a vote stored without a burned credential.
 */
class CrashRecoveryTests {

    static final int MEMBERS = 300;
    static final String ADMIN = "crash.admin@union.test";
    static final String PASSWORD = "pebble harbour lantern";

    @TempDir
    Path dataDir;

    @Test
    void everyReceiptShownBeforeACrashIsACountedVoteAfterTheRestart() throws Exception {
        ChildApplication app = ChildApplication.start(
                List.of(),
                List.of(
                        "--gpaction.data-dir=" + dataDir,
                        "--gpaction.ballots.tick=PT0.2S",
                        "--gpaction.ballots.unknown-links-per-address=100000",
                        "--gpaction.bootstrap-admin.email=" + ADMIN,
                        "--gpaction.bootstrap-admin.password=" + PASSWORD));
        int port = app.port();
        Set<String> receipts = ConcurrentHashMap.newKeySet();
        try {
            Http http = new Http(port);
            String token = http.postJson("/api/tokens", Map.of("email", ADMIN, "password", PASSWORD))
                    .json()
                    .get("token")
                    .asString();
            post(port, token, "/api/practices/imports?format=epraccur&fileName=epraccur.csv", epraccur());
            post(
                    port,
                    token,
                    "/api/practices/imports?format=contracts&fileName=contracts.csv",
                    "ods_code,contract_type\nK00001,GMS\n");
            post(port, token, "/api/members/imports?fileName=members.csv", members());
            // Ballot times are whole minutes: this one opens at the clock's next tick, as its time has passed.
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            long ballot = http.postJson(
                            "/api/ballots",
                            Map.of(
                                    "title", "Crash ballot",
                                    "question", "Carry on?",
                                    "ruleSet", "GP_PARTNERS_ENGLAND",
                                    "opensAt", now.toString(),
                                    "closesAt", now.plus(Duration.ofHours(2)).toString(),
                                    "rollCutoff", now.plus(Duration.ofHours(1)).toString(),
                                    "scrutineerName", "Scrutineer",
                                    "senderAddress", "ballots@scrutineer.example"),
                            token)
                    .json()
                    .get("id")
                    .asLong();
            String scrutineer = "crash.scrutineer@union.test";
            assertThat(http.postJson(
                                    "/api/staff",
                                    Map.of(
                                            "email",
                                            scrutineer,
                                            "password",
                                            PASSWORD,
                                            "role",
                                            "SCRUTINEER",
                                            "practices",
                                            List.of()),
                                    token)
                            .status())
                    .isEqualTo(201);
            String scrutineerToken = http.postJson(
                            "/api/tokens", Map.of("email", scrutineer, "password", PASSWORD, "name", "keys"))
                    .json()
                    .get("token")
                    .asString();
            assertThat(TestTrustee.addThroughApi(http, scrutineerToken, ballot)).isEqualTo(201);
            http.postJson("/api/ballots/" + ballot + "/schedule", "{}", token);

            List<String> links = readLinks(dataDir.resolve("mail"));
            assertThat(links).hasSize(MEMBERS);

            AtomicInteger shown = new AtomicInteger();
            ExecutorService voters = Executors.newFixedThreadPool(6);
            for (String link : links) {
                String voteToken = URI.create(link).getPath().substring("/vote/".length());
                voters.submit(() -> {
                    try {
                        Http.Response vote =
                                new Http(port).postJson("/api/vote", Map.of("token", voteToken, "choice", "Yes"));
                        if (vote.status() == 201) {
                            receipts.add(vote.json().get("receipt").asString());
                            shown.incrementAndGet();
                        }
                    } catch (RuntimeException lostInTheCrash) {
                        // The outcome of a request cut off by the crash is unknown to the voter: nothing to check.
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> shown.get() >= MEMBERS / 3);
            app.kill();
            voters.shutdownNow();
        } finally {
            app.kill();
        }
        assertThat(receipts).isNotEmpty().hasSizeLessThan(MEMBERS);

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(GpActionApplication.class)
                .run(
                        "--server.port=0",
                        "--gpaction.data-dir=" + dataDir,
                        "--gpaction.test.shared-database=false",
                        "--gpaction.test.shared-mailbox=false")) {
            JdbcClient jdbc = restarted.getBean(JdbcClient.class);
            for (String receipt : receipts) {
                assertThat(jdbc.sql("select count(*) from ballots.ballot_paper where tracker = :tracker")
                                .param("tracker", Tracker.parse(receipt))
                                .query(Long.class)
                                .single())
                        .as("receipt %s", receipt)
                        .isEqualTo(1);
            }
            long papers = count(jdbc, "select count(*) from ballots.ballot_paper");
            long burned = count(jdbc, "select count(*) from ballots.credential where state = 'USED'");
            long voted = count(jdbc, "select count(*) from ballots.roll_entry where has_voted");
            assertThat(papers)
                    .isGreaterThanOrEqualTo(receipts.size())
                    .isEqualTo(burned)
                    .isEqualTo(voted);
        }
    }

    private static List<String> readLinks(Path mail) throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Files.isDirectory(mail) && PublishedResultReplayTests.countFiles(mail) >= MEMBERS);
        List<String> links = new ArrayList<>();
        try (var files = Files.list(mail)) {
            for (Path file : files.toList()) {
                try (var in = Files.newInputStream(file)) {
                    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                    if (message.getSubject().equals("Your ballot: Crash ballot")) {
                        TestMailbox.firstLink(String.valueOf(message.getContent()))
                                .ifPresent(links::add);
                    }
                }
            }
        }
        return links;
    }

    private static String epraccur() {
        return "\"K00001\",\"CRASH SURGERY\",\"Y63\",\"QHM\",\"1 ROAD\",\"\",\"TOWN\",\"\",\"\",\"TS1 1AA\",\"19740401\",\"\","
                + "\"A\",\"B\",\"16C\",\"20200401\",\"\",\"01642 000000\",\"\",\"\",\"\",\"0\",\"\",\"16C\",\"\",\"4\",\"\"\n";
    }

    private static String members() {
        StringBuilder csv = new StringBuilder(
                "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,joined_on,role,practice_ods,role_from,role_to\n");
        for (int i = 1; i <= MEMBERS; i++) {
            csv.append("C")
                    .append(i)
                    .append(',')
                    .append(6000000 + i)
                    .append(",Given,Family")
                    .append(i)
                    .append(",c")
                    .append(i)
                    .append("@crash.test,ACTIVE,2015-01-01,2015-01-01,CONTRACTOR_PARTNER,K00001,2016-01-01,\n");
        }
        return csv.toString();
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

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
