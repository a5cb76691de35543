package org.gpaction.common.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.gpaction.GpActionApplication;
import org.gpaction.common.OwnerOnly;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.startup.StartupProblem;
import org.gpaction.support.ChildApplication;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The application's own start-up on its embedded PostgreSQL, as a person runs it. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedStartupTests {

    private static final Pattern SETUP_LINK = Pattern.compile("http://localhost:\\d+(/setup/[A-Za-z0-9_-]{43})");
    private static final String SETUP_LINK_FILE = "setup-link";

    @TempDir
    Path dataDir;

    @Test
    void aFreshStartOffersASetupLinkAndARestartKeepsTheAdministratorItCreated(CapturedOutput output)
            throws IOException {
        String path;
        try (ConfigurableApplicationContext app = start(Map.of())) {
            path = setupPath(output);
            Http browser = new Http(port(app));

            assertThat(browser.get(path).body()).contains("Create the first administrator");
            assertThat(browser.get(path).status())
                    .as("opening the link twice does not use it up")
                    .isEqualTo(200);

            Http.Response weak = browser.postForm(
                    path, Map.of("email", "chair@union.test", "password", "password", "confirmPassword", "password"));
            assertThat(weak.body()).contains("Password must be 12 characters or more");
            assertThat(weak.status()).as(weak.body()).isEqualTo(400);

            Http.Response blank =
                    browser.postForm(path, Map.of("email", "", "password", "password", "confirmPassword", "password"));
            assertThat(blank.status()).as(blank.body()).isEqualTo(400);
            assertThat(blank.body())
                    .contains("id=\"email-error\"")
                    .contains("aria-describedby=\"email-error\"")
                    .contains("id=\"password-error\"")
                    .contains("aria-describedby=\"password-hint password-error\"")
                    .doesNotContain("id=\"confirmPassword-error\"")
                    .doesNotContain("aria-describedby=\"confirmPassword-error\"");
            Http.Response mismatched = browser.postForm(
                    path,
                    Map.of(
                            "email", "chair@union.test",
                            "password", "violet compass harvest",
                            "confirmPassword", "violet compass harvests"));
            assertThat(mismatched.status()).as(mismatched.body()).isEqualTo(400);
            assertThat(mismatched.body())
                    .contains("id=\"confirmPassword-error\"")
                    .contains("aria-describedby=\"confirmPassword-error\"")
                    .contains("aria-describedby=\"password-hint\"")
                    .doesNotContain("aria-describedby=\"email-error\"");

            Http.Response created = browser.postForm(
                    path,
                    Map.of(
                            "email", "chair@union.test",
                            "password", "violet compass harvest",
                            "confirmPassword", "violet compass harvest"));
            assertThat(created.status()).isEqualTo(302);
            assertThat(browser.get(path).status()).as("the link works once").isEqualTo(404);
        }

        int linksBefore = countSetupLinks(output.getOut());
        try (ConfigurableApplicationContext app = start(Map.of())) {
            assertThat(countSetupLinks(output.getOut()))
                    .as("no new link once an admin exists")
                    .isEqualTo(linksBefore);
            assertThat(dataDir.resolve(SETUP_LINK_FILE))
                    .as("the used link's file is removed once an admin exists")
                    .doesNotExist();
            Http client = new Http(port(app));
            Http.Response token = client.postJson(
                    "/api/tokens", Map.of("email", "chair@union.test", "password", "violet compass harvest"));
            assertThat(token.status())
                    .as("the administrator survived the restart")
                    .isEqualTo(201);
        }
    }

    /**
     * Two sends of one setup link both let through before either made the administrator (a double click, or two
     * people): the test holds the first administrator's lock until both wait for it.
     */
    @Test
    void oneSetupLinkSentTwiceAtOnceMakesOneAdministrator_andTheOtherSendIsToldItIsSetUpAlreadyAndToSignIn(
            CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of())) {
            String path = setupPath(output);
            DataSource dataSource = app.getBean(DataSource.class);
            JdbcClient jdbc = JdbcClient.create(dataSource);
            Http first = new Http(port(app));
            Http second = new Http(port(app));
            first.get(path);
            second.get(path);
            String lock = "select pg_advisory_xact_lock(hashtext('accounts.first-admin'))";
            ExecutorService senders = Executors.newFixedThreadPool(2);
            List<Http.Response> answers;
            try {
                List<Future<Http.Response>> sent;
                try (Connection held = dataSource.getConnection()) {
                    held.setAutoCommit(false);
                    try (Statement statement = held.createStatement()) {
                        statement.execute(lock);
                    }
                    sent = List.of(
                            senders.submit(() -> first.postForm(path, setupForm("first@union.test"))),
                            senders.submit(() -> second.postForm(path, setupForm("second@union.test"))));
                    await().atMost(Duration.ofSeconds(60)).until(() -> LockWaits.waiting(jdbc, lock) == 2);
                    held.commit();
                }
                answers = List.of(
                        sent.get(0).get(60, TimeUnit.SECONDS), sent.get(1).get(60, TimeUnit.SECONDS));
            } finally {
                senders.shutdownNow();
            }

            assertThat(answers).extracting(Http.Response::status).containsExactlyInAnyOrder(302, 404);
            Http.Response refused =
                    answers.stream().filter(a -> a.status() != 302).findFirst().orElseThrow();
            assertThat(refused.body())
                    .contains("first administrator has been set up already")
                    .contains("Sign in with that administrator")
                    .contains("href=\"/sign-in\"");
            assertThat(jdbc.sql("select count(*) from accounts.staff where role = 'ADMIN'")
                            .query(Long.class)
                            .single())
                    .as("administrators")
                    .isEqualTo(1);
            Http.Response later = new Http(port(app)).get(path);
            assertThat(later.status()).as("the link opened afterwards").isEqualTo(404);
            assertThat(later.body()).contains("first administrator has been set up already");
        }
    }

    private static Map<String, String> setupForm(String email) {
        return Map.of(
                "email", email, "password", "violet compass harvest", "confirmPassword", "violet compass harvest");
    }

    @Test
    void theEmbeddedDatabaseAsksEveryConnectionForThePasswordThatOnlyTheOwnerCanRead() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            assertThatThrownBy(
                            () -> DriverManager.getConnection(server.jdbcUrl()).close())
                    .as("a local user without the password")
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThat(answer(server.jdbcUrl(), server.password(), "select current_user"))
                    .isEqualTo("postgres");
            assertThat(trustLines(dataDir.resolve("pg"))).isEmpty();
            assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(OwnerOnly.DIRECTORY);
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("pg-password")))
                    .isEqualTo(OwnerOnly.FILE);
            assertThat(Files.readString(dataDir.resolve("pg-password"))).isEqualTo(server.password());
        }

        Files.delete(dataDir.resolve("pg-password"));
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("needs its password")
                .hasMessageContaining("pg-password");
    }

    @Test
    void aPasswordFileThatDoesNotOpenTheDataDirectoryStopsStartUpAtOnceSayingWhichFileToRestore() throws Exception {
        String password;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            password = server.password();
        }
        String another = SecretTokens.generate();
        Files.writeString(dataDir.resolve("pg-password"), another);

        long started = System.nanoTime();
        Throwable refused = catchThrowable(() -> EmbeddedPostgresServer.start(dataDir));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("refused as soon as the server answers, not after the minute a start may take")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(refused)
                .isInstanceOf(StartupProblem.class)
                .hasMessage("The embedded PostgreSQL in " + dataDir.resolve("pg") + " refused the password in "
                        + dataDir.resolve("pg-password") + ": that file does not belong to this data directory.")
                .satisfies(problem -> assertThat(((StartupProblem) problem).action())
                        .contains("Restore " + dataDir.resolve("pg-password"))
                        .contains("GPACTION_DATA_DIR")
                        .doesNotContain(password)
                        .doesNotContain(another));
        assertThat(dataDir.resolve("pg").resolve("postmaster.pid"))
                .as("the PostgreSQL started to try the password is stopped again")
                .doesNotExist();
        assertThat(Files.readString(dataDir.resolve("pg-password"))).isEqualTo(another);
    }

    @Test
    void onlyAPasswordRefusedEndsTheWaitForAStartingServer_notOneThatDoesNotAnswerYet() throws Exception {
        int nothingListening;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingListening = socket.getLocalPort();
        }
        assertThat(PasswordCheckedStart.passwordRefused(nothingListening, SecretTokens.generate()))
                .as("not answering yet")
                .isEmpty();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            assertThat(PasswordCheckedStart.passwordRefused(server.port(), server.password()))
                    .as("the right password")
                    .isEmpty();
            assertThat(PasswordCheckedStart.passwordRefused(server.port(), SecretTokens.generate()))
                    .hasValueSatisfying(
                            refused -> assertThat(refused.getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void aPostmasterPidNamingAPostgresOnAnotherDataDirectoryLeavesThatOneRunningAndSaysWhatToDo(@TempDir Path otherDir)
            throws Exception {
        EmbeddedPostgresServer.start(dataDir).close();
        Path pidFile = dataDir.resolve("pg").resolve("postmaster.pid");
        try (EmbeddedPostgresServer other = EmbeddedPostgresServer.start(otherDir)) {
            Files.copy(otherDir.resolve("pg").resolve("postmaster.pid"), pidFile);

            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir).close())
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageContaining(pidFile.toString())
                    .hasMessageContaining("not a PostgreSQL on this data directory")
                    .satisfies(problem ->
                            assertThat(((StartupProblem) problem).action()).contains("delete " + pidFile));
            assertThat(answer(other.jdbcUrl(), other.password(), "select 'still running'"))
                    .isEqualTo("still running");
        }

        Files.delete(pidFile);
        EmbeddedPostgresServer.start(dataDir).close();
    }

    @Test
    void aDataDirectoryThatTrustedEveryLocalUserRequiresThePasswordFromItsNextStart() throws Exception {
        Path pgData = dataDir.resolve("pg");
        try (EmbeddedPostgres before = EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        .start();
                Connection connection = before.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table kept (what text)");
            statement.execute("insert into kept values ('from before')");
        }
        assertThat(trustLines(pgData))
                .as("made the way earlier versions made it")
                .isNotEmpty();

        for (int start = 0; start < 2; start++) {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
                String postgres = "jdbc:postgresql://localhost:" + server.port() + "/postgres?user=postgres";
                assertThatThrownBy(() -> DriverManager.getConnection(postgres).close())
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("password");
                assertThat(answer(postgres, server.password(), "select what from kept"))
                        .isEqualTo("from before");
                assertThat(trustLines(pgData)).isEmpty();
            }
        }
    }

    private static String answer(String url, String password, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static List<String> trustLines(Path pgData) throws Exception {
        return Files.readAllLines(pgData.resolve("pg_hba.conf")).stream()
                .filter(line -> !line.strip().startsWith("#") && line.matches(".*\\btrust\\b.*"))
                .toList();
    }

    @Test
    void aSecondInstanceOnTheSameDataDirectoryStopsWithAClearMessage() {
        try (ConfigurableApplicationContext first = start(Map.of())) {
            assertThatThrownBy(() -> start(Map.of()))
                    .hasRootCauseInstanceOf(StartupProblem.class)
                    .rootCause()
                    .hasMessageContaining("Another GP Action is already running on the data directory");
        }
    }

    @Test
    void anUnwritableDataDirectoryStopsStartUpSayingWhatToFix() throws Exception {
        Path file = Files.createFile(dataDir.resolve("not-a-directory"));
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(file.resolve("data")))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("cannot be created or written to")
                .extracting(e -> ((StartupProblem) e).action())
                .asString()
                .contains("GPACTION_DATA_DIR");
    }

    @Test
    void aBadDatasourceUrlStopsStartUpSayingWhatToFix() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // No connection can be made to a closed port, so the start waits out the pool's whole connection timeout
        // (10 s by default) before it fails; a second shows the same refusal and the same message.
        Map<String, Object> external = Map.of(
                "spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/gpaction?user=gpaction&password=inTheUrl",
                "spring.datasource.password",
                "wrong",
                "spring.datasource.hikari.connection-timeout",
                "1000");
        assertThatThrownBy(() -> start(external))
                .hasRootCauseInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(findProblem(e).getMessage())
                        .startsWith("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort
                                + "/gpaction?…")
                        .doesNotContain("wrong")
                        .doesNotContain("inTheUrl"));
        assertThat(dataDir.resolve("pg")).as("no embedded database was started").doesNotExist();
    }

    @Test
    void aDatasourceUrlThatIsNotPostgresIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> start(Map.of("spring.datasource.url", "mysql://db/gpaction?password=secret")))
                .isInstanceOf(StartupProblem.class)
                .hasMessage("SPRING_DATASOURCE_URL is 'mysql://db/gpaction?…', which is not a PostgreSQL JDBC URL.");
        assertThatThrownBy(() -> start(Map.of("spring.datasource.url", "postgresql://gp:s3cret@db/gpaction")))
                .isInstanceOf(StartupProblem.class)
                .hasMessage(
                        "SPRING_DATASOURCE_URL is 'postgresql://…@db/gpaction', which is not a PostgreSQL JDBC URL.");
    }

    @Test
    void aPortInUseStopsStartUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> start(Map.of("server.port", taken.getLocalPort())))
                    .hasCauseInstanceOf(PortInUseException.class);
        }
    }

    @Test
    void anApplicationKilledMidRunLeavesNothingThatStopsTheNextStartAndLosesNothing() throws Exception {
        ChildApplication.start(
                        List.of(ChildApplication.QUICK_START),
                        List.of(
                                "--gpaction.data-dir=" + dataDir,
                                "--gpaction.bootstrap-admin.email=killed@union.test",
                                "--gpaction.bootstrap-admin.password=lemon glacier thimble"))
                .kill();

        try (ConfigurableApplicationContext app = start(Map.of())) {
            Http.Response token = new Http(port(app))
                    .postJson("/api/tokens", Map.of("email", "killed@union.test", "password", "lemon glacier thimble"));
            assertThat(token.status()).isEqualTo(201);
        }
    }

    @Test
    void aKilledPostmasterStopsTheApplicationWithExitStatusFourSoThatItsSupervisorStartsBothAgain() throws Exception {
        // On the way out, scheduled jobs already waiting for a connection to the dead database hold up the shutdown
        // until the pool's connection timeout (10 s by default) gives up on them; two seconds end it the same way.
        try (ChildApplication app = ChildApplication.start(
                List.of(ChildApplication.QUICK_START),
                List.of("--gpaction.data-dir=" + dataDir, "--spring.datasource.hikari.connection-timeout=2000"))) {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid"))
                    .get(0)
                    .strip());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertThat(app.awaitExit(Duration.ofSeconds(60))).as(app::logTail).isEqualTo(4);
            assertThat(app.output())
                    .contains("The embedded PostgreSQL (pid " + pid + ") has stopped")
                    .contains("exiting with status 4");
        }
    }

    private ConfigurableApplicationContext start(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("gpaction.test.shared-database", "false");
        properties.put("gpaction.data-dir", dataDir.toString());
        properties.put("server.port", "0");
        properties.putAll(extra);
        String[] args = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(GpActionApplication.class).run(args);
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /**
     * The setup link's path, read from the file the log names: the log says where the link is and holds no link or
     * token, and the file is the owner's only.
     */
    private String setupPath(CapturedOutput output) throws IOException {
        Path file = dataDir.resolve(SETUP_LINK_FILE).toAbsolutePath();
        assertThat(output.getOut())
                .as("the log names the file")
                .contains("No administrator exists yet. The one-time link to create the first one is in " + file);
        assertThat(file).as("the setup link's file").exists();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnly.FILE);
        String written = Files.readString(file);
        Matcher link = SETUP_LINK.matcher(written);
        assertThat(link.find()).as("a setup link in %s: %s", file, written).isTrue();
        String token = link.group(1).substring("/setup/".length());
        assertThat(output.getOut() + output.getErr())
                .as("the log holds no setup link or token")
                .doesNotContain(token)
                .doesNotContain("/setup/");
        return link.group(1);
    }

    private static int countSetupLinks(String log) {
        Matcher matcher = Pattern.compile("No administrator exists yet").matcher(log);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static StartupProblem findProblem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartupProblem problem) {
                return problem;
            }
        }
        throw new AssertionError("No StartupProblem in " + e);
    }
}
