package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.ballots.crypto.CryptoCommands;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The published 2024 result replayed through the real voting path, on a database of its own so that the roll is
 * exactly this one: 12,590 eligible partners among ineligible members, links read from the mailbox, the scrutineer's
 * key made offline and given through the API, 8,375 Yes and 143 No cast (and encrypted) over HTTP, the close's
 * encrypted totals, the trustee's offline decryption share, certification, publication, and the public record checked
 * by the shipped verifier.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            // Mail is written as files here: an SMTP round trip per message would make 12,590 links slow to read.
            "gpaction.test.shared-mailbox=false",
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
            "gpaction.ballots.tick=PT0.2S",
            "gpaction.ballots.unknown-links-per-address=100000"
        })
@Import(PublishedResultReplayTests.Clocks.class)
class PublishedResultReplayTests {

    static final int ELIGIBLE = 12_590;
    static final int YES = 8_375;
    static final int NO = 143;

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovingClock movingClock() {
            return new MovingClock();
        }
    }

    static Path dataDir;

    @DynamicPropertySource
    static void ownDataDirectory(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("gpaction-replay-");
        registry.add("gpaction.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    static long countFiles(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void the2024IndicativeBallotGivesThePublishedResult() throws Exception {
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values ('R00001', 'GMS PRACTICE', 'Y63', 'QHM', array['1 ROAD'], 'TS1 1AA', date '1974-04-01',
                                'ACTIVE', '16C', 'ENGLAND', 'GMS', now()),
                               ('R00002', 'APMS PRACTICE', 'Y63', 'QHM', array['2 ROAD'], 'TS1 1AB', date '1974-04-01',
                                'ACTIVE', '16C', 'ENGLAND', 'APMS', now()),
                               ('W99001', 'WELSH PRACTICE', 'W00', 'Q99', array['3 FFORDD'], 'CF1 1AA', date '1974-04-01',
                                'ACTIVE', '7A1', 'WALES', 'GMS', now())
                        """).update();
        String domain = "replay.test";
        BallotFixtures.addMembers(jdbc, "P", 1_000_000, ELIGIBLE, "CONTRACTOR_PARTNER", "R00001", domain);
        BallotFixtures.addMembers(jdbc, "A", 1_100_000, 700, "CONTRACTOR_PARTNER", "R00002", domain);
        BallotFixtures.addMembers(jdbc, "W", 1_200_000, 300, "CONTRACTOR_PARTNER", "W99001", domain);
        BallotFixtures.addMembers(jdbc, "S", 1_300_000, 1_000, "SALARIED", "R00001", domain);

        Http http = new Http(port);
        String token = http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        Instant now = Clock.systemUTC().instant();
        String title = "Indicative ballot " + now.toEpochMilli();
        // Ballot times are whole minutes: this one opens at the clock's next tick, as its time has passed.
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Http.Response created = http.postJson(
                "/api/ballots",
                Map.of(
                        "title",
                        title,
                        "question",
                        "Are you prepared to undertake one or more examples of collective action as outlined in the campaign?",
                        "ruleSet",
                        "GP_PARTNERS_ENGLAND",
                        "opensAt",
                        minute.toString(),
                        "closesAt",
                        minute.plus(Duration.ofDays(42)).toString(),
                        "rollCutoff",
                        minute.plus(Duration.ofDays(36)).toString(),
                        "scrutineerName",
                        "Civica Election Services",
                        "senderAddress",
                        "ballots@scrutineer.example"),
                token);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("options").toString()).isEqualTo("[\"Yes\",\"No\"]");

        // The scrutineer makes the ballot's key pair offline with the shipped command and gives only the public key.
        Path keys = dataDir.resolve("trustee");
        assertThat(run("trustee", "keygen", "--out", keys.toString())).isZero();
        String scrutineer = new ResultsTestData(jdbc, http).scrutineerToken();
        Http.Response key = http.postJson(
                "/api/ballots/" + id + "/trustees",
                "{\"name\":\"Civica Election Services\",\"key\":"
                        + Files.readString(keys.resolve(CryptoCommands.PUBLIC_FILE)) + "}",
                scrutineer);
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        assertThat(http.postJson("/api/ballots/" + id + "/schedule", "{}", token)
                        .status())
                .isEqualTo(200);

        List<String> links = new ArrayList<>();
        Path mail = dataDir.resolve("mail");
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Files.isDirectory(mail) && countFiles(mail) >= ELIGIBLE);
        try (var files = Files.list(mail)) {
            for (Path file : files.toList()) {
                try (var in = Files.newInputStream(file)) {
                    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                    if (message.getSubject().equals("Your ballot: " + title)) {
                        TestMailbox.firstLink(String.valueOf(message.getContent()))
                                .ifPresent(links::add);
                    }
                }
            }
        }
        assertThat(links).hasSize(ELIGIBLE).doesNotHaveDuplicates();

        AtomicInteger receipts = new AtomicInteger();
        ExecutorService voters = Executors.newFixedThreadPool(4);
        // One client for every voter: each client holds a selector's file descriptors until it is collected, and
        // thousands of them ran the JVM out of descriptors.
        Http voting = new Http(port);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < YES + NO; i++) {
            String voteToken = URI.create(links.get(i)).getPath().substring("/vote/".length());
            String choice = i < YES ? "Yes" : "No";
            statuses.add(voters.submit(() -> {
                Http.Response vote = voting.postJson("/api/vote", Map.of("token", voteToken, "choice", choice));
                if (vote.status() == 201) {
                    receipts.incrementAndGet();
                }
                return vote.status();
            }));
        }
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(201);
        }
        voters.shutdown();
        assertThat(receipts).hasValue(YES + NO);

        JsonNode turnout = http.get("/api/ballots/" + id + "/turnout", token).json();
        assertThat(turnout.get("eligible").asLong()).isEqualTo(ELIGIBLE);
        assertThat(turnout.get("returned").asLong()).isEqualTo(YES + NO);
        assertThat(turnout.get("turnoutPercent").asString()).isEqualTo("67.7");
        assertThat(http.get("/api/ballots/" + id + "/results", token).status())
                .as("no result before the close")
                .isEqualTo(409);

        clock.advance(Duration.ofDays(43));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/ballots/" + id, token)
                        .json()
                        .get("status")
                        .asString()
                        .equals("CLOSED"));

        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> http.get("/api/ballots/" + id + "/trustees", token)
                        .json()
                        .get("tallied")
                        .asBoolean());
        assertThat(http.get("/api/ballots/" + id + "/results", token).status())
                .as("no result until the trustee decrypts the totals")
                .isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from ballots.ballot_paper where ballot_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isEqualTo(YES + NO);

        // Offline, the trustee verifies the record so far and decrypts only the totals, of as many ballots as the
        // turnout announced; the share goes back.
        Path before = dataDir.resolve("before-decryption.zip");
        assertThat(http.download("/api/ballots/" + id + "/record", token, before))
                .isEqualTo(200);
        Path share = dataDir.resolve("share.json");
        assertThat(run(
                        "trustee",
                        "decrypt",
                        "--key",
                        keys.resolve(CryptoCommands.PRIVATE_FILE).toString(),
                        "--expect-ballots",
                        String.valueOf(turnout.get("returned").asLong()),
                        "--record",
                        before.toString(),
                        "--out",
                        share.toString()))
                .isZero();
        Http.Response given = http.postJson("/api/ballots/" + id + "/shares", Files.readString(share), scrutineer);
        assertThat(given.status()).as(given.body()).isEqualTo(201);
        assertThat(given.json().get("totals").toString()).isEqualTo("[8375,143]");

        JsonNode result = http.get("/api/ballots/" + id + "/results", token).json();
        assertThat(result.get("eligible").asLong()).isEqualTo(12_590);
        assertThat(result.get("returned").asLong()).isEqualTo(8_518);
        assertThat(result.get("turnoutPercent").asString()).isEqualTo("67.7");
        assertThat(result.get("spoilt").asLong()).isZero();
        assertThat(result.get("options").get(0).get("label").asString()).isEqualTo("Yes");
        assertThat(result.get("options").get(0).get("votes").asLong()).isEqualTo(8_375);
        assertThat(result.get("options").get(0).get("percent").asString()).isEqualTo("98.3");
        assertThat(result.get("options").get(1).get("votes").asLong()).isEqualTo(143);
        assertThat(result.get("options").get(1).get("percent").asString()).isEqualTo("1.7");
        assertThat(result.get("logHash").asString()).hasSize(64);

        Http.Response late = new Http(port)
                .postJson(
                        "/api/vote",
                        Map.of(
                                "token",
                                URI.create(links.get(YES + NO)).getPath().substring(6),
                                "choice",
                                "Yes"));
        assertThat(late.status()).as("a link never works after the close").isEqualTo(403);

        assertThat(http.postJson("/api/ballots/" + id + "/certification", Map.of(), scrutineer)
                        .status())
                .isEqualTo(201);
        assertThat(http.postJson("/api/ballots/" + id + "/publish", "{}", token).status())
                .isEqualTo(200);
        Path record = dataDir.resolve("record.zip");
        assertThat(new Http(port).download("/results/" + id + "/record.zip", null, record))
                .as("the record is public once published")
                .isEqualTo(200);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int verified = CryptoCommands.run(
                new String[] {"verify", record.toString()},
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8),
                System.err);
        String report = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(verified).as(report).isZero();
        assertThat(report).contains("VERIFIED");
        try (var zip = new java.util.zip.ZipFile(record.toFile())) {
            JsonNode published =
                    new tools.jackson.databind.ObjectMapper().readTree(zip.getInputStream(zip.getEntry("result.json")));
            assertThat(published.get("results").get(0).get("votes").asLong()).isEqualTo(YES);
            assertThat(published.get("results").get(1).get("votes").asLong()).isEqualTo(NO);
            assertThat(published.get("ballotsSpoilt").asLong()).isZero();
        }
    }

    private static int run(String... args) {
        return CryptoCommands.run(args, System.out, System.err);
    }
}
