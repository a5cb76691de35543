package org.gpaction.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.gpaction.GpActionApplication;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.database.EmbeddedPostgresServer;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances of the application on one PostgreSQL behind a real HAProxy (Debian's package), set up as the README
 * tells an operator: its backend is the README's, read from the README, and the instances take the settings the
 * README gives for running behind it. HAProxy ends TLS on one port and takes plain HTTP on another, and names the
 * instance that answered in a response header, so each check below also proves that both instances did the work: a
 * person stays signed in whichever answers, over HTTPS told to keep to it; tries are counted against the client's
 * address as HAProxy forwards it, never one the client claims; the API document names the site's own address,
 * whatever site the client names; votes and capacity decisions spread over both are each stored once, and the
 * clock jobs both instances run (opening, mail, closing, counting) act once per ballot and once per voter.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoInstancesBehindHaproxyTests {

    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    static final String ADMIN = "cluster.admin@union.test";
    static final String SCRUTINEER = "cluster.scrutineer@union.test";
    static final String PASSWORD = "lantern orchard pebble";
    static final String PRACTICE = "K00001";
    static final int MEMBERS = 40;
    static final int CLIENTS = 16;
    static final int CLINICIANS = 3;
    static final int CAP = 25;
    static final int RESERVE = 2;
    static final String STRICT_TRANSPORT_SECURITY = "strict-transport-security";
    /**
     * The address HAProxy connects to the instances from: not the clients' 127.0.0.1, as a proxy's address is not its
     * clients' in production, so the address the instances count can only be the client's if HAProxy forwarded it.
     */
    static final String HAPROXY_ADDRESS = "127.0.0.2";

    static Path work;
    static EmbeddedPostgresServer database;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static Process haproxy;
    static int port;
    static int httpsPort;
    static SSLContext tls;
    static JdbcClient jdbc;
    static String adminToken;

    @BeforeAll
    static void twoInstancesBehindHaproxy() throws Exception {
        if (!Files.isExecutable(HAPROXY)) {
            throw new IllegalStateException("HAProxy is not installed at " + HAPROXY + ": apt-get install haproxy");
        }
        work = Files.createTempDirectory("gpaction-cluster-");
        database = EmbeddedPostgresServer.start(work.resolve("db"));
        port = freePort();
        httpsPort = freePort();
        a = instance("a");
        b = instance("b");
        jdbc = a.getBean(JdbcClient.class);
        Path certificate = work.resolve("haproxy.pem");
        tls = certificateFor(certificate);
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(
                config,
                """
                global
                    maxconn 512
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                frontend plain
                    bind 127.0.0.1:%d
                    default_backend gpaction
                frontend tls
                    bind 127.0.0.1:%d ssl crt %s
                    default_backend gpaction
                """.formatted(port, httpsPort, certificate)
                        + readmeBackend(Map.of("a", portOf(a), "b", portOf(b)))
                        // The test's own, after the README's lines.
                        + "    source " + HAPROXY_ADDRESS + "\n"
                        + "    http-response set-header X-Served-By %[srv_name]\n");
        checkWithHaproxy(config);
        Path log = work.resolve("haproxy.log");
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // Round robin over the instances HAProxy's checks found ready: both names seen means both are in.
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        seen.add(
                                new Http(port).get("/actuator/health/readiness").header("x-served-by"));
                        return seen.containsAll(Set.of("a", "b"));
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "HAProxy did not send requests to both instances within 20s (instances seen: " + seen + "; HAProxy "
                            + (haproxy.isAlive() ? "running" : "exited with " + haproxy.exitValue())
                            + "). Its log:\n" + Files.readString(log),
                    e);
        }
        adminToken = new Http(port)
                .postJson("/api/tokens", Map.of("email", ADMIN, "password", PASSWORD, "name", "cluster"))
                .json()
                .get("token")
                .asString();
        aPractice();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (haproxy != null) {
                haproxy.destroy();
                if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                    haproxy.destroyForcibly().waitFor();
                }
            }
        } finally {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void aPersonSignedInThroughTheLoadBalancerKeepsUsingPagesWhicheverInstanceAnswers() {
        Http browser = new Http(port);
        assertThat(browser.signIn(ADMIN, PASSWORD).status()).isEqualTo(200);

        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Http.Response account = browser.get("/account");
            assertThat(account.status()).isEqualTo(200);
            assertThat(account.body()).contains(ADMIN);
            servedBy.add(account.header("x-served-by"));
        }

        assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
        assertThat(browser.postForm("/sign-out", Map.of()).status()).isEqualTo(302);
        assertThat(browser.get("/account").status()).isEqualTo(302);
    }

    @Test
    void aPersonSignedInOverHttpsIsToldToKeepToHttpsAndKeepsASecureSessionWhicheverInstanceAnswers() {
        Http.Response toSignIn = Http.overHttps(httpsPort, tls).get("/account");
        assertThat(toSignIn.status()).isEqualTo(302);
        assertThat(toSignIn.header("location"))
                .as("the way to the sign-in page over HTTPS, by its path only")
                .isEqualTo("/sign-in");
        Http browser = Http.overHttps(httpsPort, tls);
        assertThat(browser.get("/sign-in").header(STRICT_TRANSPORT_SECURITY)).startsWith("max-age=31536000");

        Http.Response signedIn = browser.postForm("/sign-in", Map.of("email", ADMIN, "password", PASSWORD));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("location"))
                .as("an administrator's home, by its path only")
                .isEqualTo("/");
        assertThat(signedIn.header("set-cookie"))
                .as("the signed-in session's cookie, which the browser then sends over HTTPS only")
                .contains("GPACTION_SESSION=")
                .containsIgnoringCase("; Secure");
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Http.Response account = browser.get("/account");
            assertThat(account.status()).isEqualTo(200);
            assertThat(account.body()).contains(ADMIN);
            assertThat(account.header(STRICT_TRANSPORT_SECURITY))
                    .as("from instance %s", account.header("x-served-by"))
                    .startsWith("max-age=31536000");
            servedBy.add(account.header("x-served-by"));
        }
        assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
        assertThat(browser.get("/api/openapi.json")
                        .json()
                        .get("servers")
                        .get(0)
                        .get("url")
                        .asString())
                .as("the API's address, the site's own")
                .isEqualTo(site());
    }

    @Test
    void overPlainHttpNoAnswerTellsTheBrowserToKeepToHttpsWhateverTheBrowserClaims() {
        Http browser = new Http(port);
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Http.Response page = browser.getByScript("/sign-in", Map.of("X-Forwarded-Proto", "https"));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header(STRICT_TRANSPORT_SECURITY))
                    .as("from instance %s, to a browser claiming HTTPS over plain HTTP", page.header("x-served-by"))
                    .isNull();
            servedBy.add(page.header("x-served-by"));
        }
        assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void triesAreCountedAgainstTheClientsAddressAsHaproxyForwardsItNeverOneTheClientClaims() {
        String client = "127.0.0.1";
        String forged = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        long fromClient = triesCountedAgainst(client);
        long fromHaproxy = triesCountedAgainst(HAPROXY_ADDRESS);
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Http.Response unknownLink = new Http(port)
                    .getByScript("/account/password/" + SecretTokens.generate(), Map.of("X-Forwarded-For", forged));
            assertThat(unknownLink.status()).isEqualTo(404);
            servedBy.add(unknownLink.header("x-served-by"));
        }

        assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
        assertThat(triesCountedAgainst(client))
                .as("counted against the client's address, as HAProxy forwarded it")
                .isEqualTo(fromClient + 4);
        assertThat(triesCountedAgainst(HAPROXY_ADDRESS))
                .as("nothing counted against HAProxy's own address")
                .isEqualTo(fromHaproxy);
        assertThat(triesCountedAgainst(forged))
                .as("nothing counted against the address the client claimed in its own X-Forwarded-For")
                .isZero();
    }

    @Test
    void theApiDocumentNamesTheSitesOwnAddressWhateverSiteTheClientNamesInItsHeaders() {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Http.Response api = Http.getNamingHost(
                    port,
                    "/api/openapi.json",
                    "elsewhere.example:8443",
                    Map.of("X-Forwarded-Host", "elsewhere.example", "X-Forwarded-Port", "8443"));
            assertThat(api.status()).isEqualTo(200);
            assertThat(api.json().get("servers").get(0).get("url").asString())
                    .as("from instance %s, to a client naming another site", api.header("x-served-by"))
                    .isEqualTo(site());
            servedBy.add(api.header("x-served-by"));
        }
        assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aBallotIsOpenedMailedClosedAndCountedOnceWhileVotesSpreadOverBothInstancesAreEachCountedOnce(
            CapturedOutput output) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Http http = new Http(port);
        importCsv("/api/members/imports?fileName=members.csv", members(run));
        // Ballot times are whole minutes: this one opens at the clock's next tick, as its time has passed.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String title = "Cluster ballot " + run;
        long ballot = http.postJson(
                        "/api/ballots",
                        Map.of(
                                "title",
                                title,
                                "question",
                                "Carry on?",
                                "ruleSet",
                                "GP_PARTNERS_ENGLAND",
                                "opensAt",
                                now.toString(),
                                "closesAt",
                                now.plus(Duration.ofHours(2)).toString(),
                                "rollCutoff",
                                now.plus(Duration.ofHours(1)).toString(),
                                "scrutineerName",
                                "Scrutineer",
                                "senderAddress",
                                "ballots@scrutineer.example"),
                        adminToken)
                .json()
                .get("id")
                .asLong();
        assertThat(TestTrustee.addThroughApi(http, scrutineerToken(http), ballot))
                .isEqualTo(201);
        assertThat(http.postJson("/api/ballots/" + ballot + "/schedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);

        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= MEMBERS; i++) {
            TestMailbox.Message mail = TestMailbox.awaitMessageTo(address(run, i), "Your ballot: " + title);
            tokens.add(URI.create(mail.firstLink()).getPath().substring("/vote/".length()));
        }
        ConcurrentLinkedQueue<String> tokensLeft = new ConcurrentLinkedQueue<>(tokens);
        Map<String, String> receiptsByInstance = new ConcurrentHashMap<>();
        List<Integer> statuses = together(() -> {
            List<Integer> mine = new ArrayList<>();
            Http voter = new Http(port);
            for (String token = tokensLeft.poll(); token != null; token = tokensLeft.poll()) {
                Http.Response vote = voter.postJson("/api/vote", Map.of("token", token, "choice", "Yes"));
                mine.add(vote.status());
                if (vote.status() == 201) {
                    receiptsByInstance.put(vote.json().get("receipt").asString(), vote.header("x-served-by"));
                }
            }
            return mine;
        });

        assertThat(statuses).hasSize(MEMBERS).containsOnly(201);
        assertThat(Set.copyOf(receiptsByInstance.values())).containsExactlyInAnyOrder("a", "b");
        for (String receipt : receiptsByInstance.keySet()) {
            assertThat(count(
                            "select count(*) from ballots.ballot_paper where ballot_id = :b and tracker = :t",
                            ballot,
                            Tracker.parse(receipt)))
                    .as("papers with receipt %s", receipt)
                    .isEqualTo(1);
        }
        assertThat(count("select count(*) from ballots.ballot_paper where ballot_id = :b", ballot))
                .isEqualTo(MEMBERS);
        assertThat(count("select count(*) from ballots.credential where ballot_id = :b and state = 'USED'", ballot))
                .isEqualTo(MEMBERS);
        assertThat(count("select count(*) from ballots.roll_entry where ballot_id = :b and has_voted", ballot))
                .isEqualTo(MEMBERS);

        // Bring the close forward rather than wait: both instances' clocks then race to close and count it.
        jdbc.sql("update ballots.ballot set closes_at = now(), roll_cutoff = now() where id = :b")
                .param("b", ballot)
                .update();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        count("select count(*) from ballots.ballot where id = :b and tally is not null", ballot) == 1);

        for (String event : List.of("OPENED", "CLOSED", "TALLIED")) {
            assertThat(count(
                            "select count(*) from ballots.ballot_log where ballot_id = :b and action = '" + event + "'",
                            ballot))
                    .as(event)
                    .isEqualTo(1);
        }
        assertThat(output.getAll()).containsOnlyOnce("Ballot " + ballot + " opened with " + MEMBERS + " members");
        assertThat(count("select count(*) from ballots.credential where ballot_id = :b", ballot))
                .isEqualTo(MEMBERS);
        for (int i = 1; i <= MEMBERS; i++) {
            assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :r and subject = :s")
                            .param("r", address(run, i))
                            .param("s", "Your ballot: " + title)
                            .query(Long.class)
                            .single())
                    .as("voting mail queued for member %d", i)
                    .isEqualTo(1);
            assertThat(TestMailbox.messagesTo(address(run, i))).hasSize(1);
        }
    }

    @Test
    void capacityDecisionsSpreadOverBothInstancesAreEachStoredAndNoClinicianGoesOverCap() throws Exception {
        setUpSafeWorking();
        ConcurrentLinkedQueue<String> tries = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < CLINICIANS * CAP + 40; i++) {
            tries.add("ROUTINE");
        }
        Map<Long, String> outcomes = new ConcurrentHashMap<>();
        Set<String> servedBy = ConcurrentHashMap.newKeySet();
        List<Integer> statuses = together(() -> {
            List<Integer> mine = new ArrayList<>();
            Http reception = new Http(port);
            for (String kind = tries.poll(); kind != null; kind = tries.poll()) {
                Http.Response decided = reception.postJson(
                        "/api/practices/" + PRACTICE + "/contacts",
                        Map.of("channel", "RECEPTION", "kind", kind),
                        adminToken);
                mine.add(decided.status());
                if (decided.status() == 201) {
                    outcomes.put(
                            decided.json().get("id").asLong(),
                            decided.json().get("outcome").asString());
                    servedBy.add(decided.header("x-served-by"));
                }
            }
            return mine;
        });

        assertThat(statuses).hasSize(CLINICIANS * CAP + 40).containsOnly(201);
        assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
        for (Map.Entry<Long, String> outcome : outcomes.entrySet()) {
            assertThat(jdbc.sql("select outcome from capacity.contact_request where id = :id")
                            .param("id", outcome.getKey())
                            .query(String.class)
                            .single())
                    .isEqualTo(outcome.getValue());
        }
        assertThat(outcomes.values().stream().filter("BOOKED"::equals).count()).isEqualTo(CLINICIANS * CAP - RESERVE);
        assertThat(jdbc.sql("""
                        select count(*) from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.used > d.cap
                        """).param("ods", PRACTICE).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("""
                        select count(*) from capacity.contact_request
                        where ods_code = :ods and outcome = 'BOOKED' and undone_at is null
                        """).param("ods", PRACTICE).query(Long.class).single())
                .isEqualTo(CLINICIANS * CAP - RESERVE);
    }

    private static ConfigurableApplicationContext instance(String name) {
        return new SpringApplicationBuilder(GpActionApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password(),
                        "--gpaction.data-dir=" + work.resolve(name),
                        "--gpaction.base-url=" + site(),
                        // As the README says to set them behind HAProxy.
                        "--server.forward-headers-strategy=native",
                        "--server.tomcat.remoteip.internal-proxies=" + HAPROXY_ADDRESS + "/32",
                        "--gpaction.ballots.tick=PT0.2S",
                        "--gpaction.ballots.unknown-links-per-address=100000",
                        "--gpaction.accounts.failures-per-address=100000",
                        "--gpaction.bootstrap-admin.email=" + ADMIN,
                        "--gpaction.bootstrap-admin.password=" + PASSWORD);
    }

    /**
     * Has HAProxy check {@code config} before it is run, so a README backend it cannot take fails here with HAProxy's
     * own account of what is wrong, not as instances that never answer.
     */
    private static void checkWithHaproxy(Path config) throws Exception {
        Path checked = work.resolve("haproxy-check.log");
        Process check = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(checked.toFile())
                .start();
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly().waitFor();
            throw new IllegalStateException("haproxy -c did not finish checking " + config + " within 30s");
        }
        if (check.exitValue() != 0) {
            throw new IllegalStateException("HAProxy refuses the configuration made from the backend in README.md"
                    + " (fix the README's HAProxy lines): haproxy -c said:\n" + Files.readString(checked)
                    + "\nThe configuration:\n" + Files.readString(config));
        }
    }

    /**
     * The README's HAProxy backend, read from the README, line for line but for its servers' addresses: each server is
     * sent to the instance of its name.
     */
    private static String readmeBackend(Map<String, Integer> instancePorts) throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf("backend gpaction");
        if (start < 0) {
            throw new IllegalStateException("README.md has no HAProxy configuration starting with: backend gpaction");
        }
        Pattern server = Pattern.compile("(\\s+server (\\S+) )\\S+( .*)");
        StringBuilder backend = new StringBuilder();
        Set<String> servers = new HashSet<>();
        for (String line : readme.subList(start, readme.size())) {
            if (line.startsWith("```")) {
                break;
            }
            Matcher named = server.matcher(line);
            if (named.matches()) {
                Integer instance = instancePorts.get(named.group(2));
                if (instance == null) {
                    throw new IllegalStateException(
                            "The README's HAProxy names a server this test does not run: " + line);
                }
                servers.add(named.group(2));
                line = named.group(1) + "127.0.0.1:" + instance + named.group(3);
            }
            backend.append(line).append('\n');
        }
        assertThat(servers).as("the README's HAProxy servers").isEqualTo(instancePorts.keySet());
        return backend.toString();
    }

    /**
     * Writes a certificate for localhost and its key to {@code pem}, as HAProxy takes them, and answers a TLS context
     * that trusts that certificate only.
     */
    private static SSLContext certificateFor(Path pem) throws Exception {
        Path store = work.resolve("haproxy.p12");
        char[] secret = SecretTokens.generate().toCharArray();
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "haproxy",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(secret))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("keytool.log").toFile())
                .start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException(
                    "keytool made no certificate: " + Files.readString(work.resolve("keytool.log")));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, secret);
        }
        Certificate certificate = keys.getCertificate("haproxy");
        PrivateKey key = (PrivateKey) keys.getKey("haproxy", secret);
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        Files.writeString(
                pem,
                "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n"
                        + base64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("haproxy", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The site's address as its people open it, HAProxy's HTTPS port: the instances' GPACTION_BASE_URL. */
    private static String site() {
        return "https://localhost:" + httpsPort;
    }

    private static long triesCountedAgainst(String address) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = :kind and subject = :subject")
                .param("kind", "PASSWORD_LINK_ADDRESS")
                .param("subject", a.getBean(Networks.class).fingerprint(address))
                .query(Long.class)
                .single();
    }

    private String scrutineerToken(Http http) {
        if (count("select count(*) from accounts.staff where email = '" + SCRUTINEER + "'", 0) == 0) {
            assertThat(http.postJson(
                                    "/api/staff",
                                    Map.of(
                                            "email",
                                            SCRUTINEER,
                                            "password",
                                            PASSWORD,
                                            "role",
                                            "SCRUTINEER",
                                            "practices",
                                            List.of()),
                                    adminToken)
                            .status())
                    .isEqualTo(201);
        }
        return http.postJson("/api/tokens", Map.of("email", SCRUTINEER, "password", PASSWORD, "name", "keys"))
                .json()
                .get("token")
                .asString();
    }

    /** The practice, imported through the API, with action 1 in force and three clinicians open all day. */
    private static void setUpSafeWorking() throws Exception {
        // Safe working turns every request away on a bank holiday, and these instances decide on the real date (the
        // ballot test beside this one needs the real clock): today's holiday from the migrations, if today is one, is
        // taken away, so that the bookings counted do not hang on the day this runs. Neither instance keeps bank
        // holidays it read before: each decision reads them afresh.
        jdbc.sql("delete from capacity.bank_holiday where day = :today")
                .param("today", Date.valueOf(PracticeCalendar.dayOf(Instant.now())))
                .update();
        jdbc.sql("""
                        insert into actions.action_period (ods_code, action_number, from_on)
                        values (:ods, 1, date '2024-08-05')
                        """).param("ods", PRACTICE).update();
        jdbc.sql("""
                        insert into capacity.practice_setup (ods_code, count_admin, urgent_reserve, when_full, core_hours,
                            signposts, when_full_chosen_by, when_full_chosen_at, updated_by, updated_at)
                        select :ods, false, :reserve, 'STAY_OPEN_SIGNPOST',
                               (select jsonb_object_agg(d, jsonb_build_object('opens', '00:00', 'closes', '23:59:59'))
                                from unnest(array['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY']) d),
                               '[{"name":"NHS 111","kind":"NHS_111","address":"111.nhs.uk","phone":"111","hours":{}}]',
                               'test', now(), 'test', now()
                        """).param("ods", PRACTICE).param("reserve", RESERVE).update();
        jdbc.sql("""
                        insert into capacity.clinician (ods_code, label, role, daily_cap, working_days, position)
                        select :ods, 'GP ' || c, 'SALARIED_GP', :cap,
                               array['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY'], c
                        from generate_series(1, :clinicians) c
                        """)
                .param("ods", PRACTICE)
                .param("cap", CAP)
                .param("clinicians", CLINICIANS)
                .update();
    }

    private static void aPractice() throws Exception {
        importCsv(
                "/api/practices/imports?format=epraccur&fileName=epraccur.csv",
                "\"" + PRACTICE + "\",\"CLUSTER SURGERY\",\"Y63\",\"QHM\",\"1 ROAD\",\"\",\"TOWN\",\"\",\"\","
                        + "\"TS1 1AA\",\"19740401\",\"\",\"A\",\"B\",\"16C\",\"20200401\",\"\",\"01642 000000\",\"\","
                        + "\"\",\"\",\"0\",\"\",\"16C\",\"\",\"4\",\"\"\n");
        importCsv(
                "/api/practices/imports?format=contracts&fileName=contracts.csv",
                "ods_code,contract_type\n" + PRACTICE + ",GMS\n");
    }

    private static List<Integer> together(java.util.concurrent.Callable<List<Integer>> client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return client.call();
                }));
            }
            start.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> future : futures) {
                all.addAll(future.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String address(String run, int i) {
        return "member" + i + "-" + run + "@cluster.test";
    }

    private static String members(String run) {
        StringBuilder csv = new StringBuilder(
                "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,joined_on,role,practice_ods,role_from,role_to\n");
        for (int i = 1; i <= MEMBERS; i++) {
            csv.append("CL")
                    .append(run)
                    .append(i)
                    .append(',')
                    .append(7000000 + i)
                    .append(",Given,Family")
                    .append(i)
                    .append(',')
                    .append(address(run, i))
                    .append(",ACTIVE,2015-01-01,2015-01-01,CONTRACTOR_PARTNER,")
                    .append(PRACTICE)
                    .append(",2016-01-01,\n");
        }
        return csv.toString();
    }

    private static void importCsv(String path, String csv) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Content-Type", "text/csv")
                                .header("Authorization", "Bearer " + adminToken)
                                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    }

    private static long count(String sql, Object ballot) {
        var statement = jdbc.sql(sql);
        if (sql.contains(":b")) {
            statement = statement.param("b", ballot);
        }
        return statement.query(Long.class).single();
    }

    private static long count(String sql, long ballot, byte[] tracker) {
        return jdbc.sql(sql)
                .param("b", ballot)
                .param("t", tracker)
                .query(Long.class)
                .single();
    }

    private static int portOf(ConfigurableApplicationContext instance) {
        return instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
