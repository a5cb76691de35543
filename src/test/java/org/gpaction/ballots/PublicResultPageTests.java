package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.sql.DataSource;
import org.gpaction.GpActionApplication;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.results.Results;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Anyone can read a published result without signing in, and check a receipt however they type it; a ballot not
 * published shows nothing of its count.
 */
@GpActionTest
class PublicResultPageTests {

    private static final String PUBLIC_RESULTS_CONTROLLER = "org.gpaction.ballots.results.PublicResultsController";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    MeterRegistry registry;

    @Autowired
    DataSource dataSource;

    @Autowired
    Networks networks;

    PublishedResultFixtures fixtures;
    ResultsTestData data;
    AttemptsFromHere attempts;

    @BeforeEach
    void fixtures() {
        fixtures = new PublishedResultFixtures(jdbc, results);
        data = new ResultsTestData(jdbc, new Http(port));
        attempts = new AttemptsFromHere(jdbc, networks);
        forgetReceiptChecks();
    }

    @AfterEach
    void forgetReceiptChecks() {
        attempts.forget("RECEIPT_CHECK");
    }

    @Test
    void aPublishedResultIsPublicWithItsFiguresCertificateSealAndReceiptCheck() {
        ClosedBallot ballot = fixtures.closed("Public result", 5, 3, 1);
        fixtures.certify(ballot.id(), "Statement 2: two emails were filtered.");
        publish(ballot.id());

        Http anyone = new Http(port);
        Http.Response page = anyone.get("/results/" + ballot.id());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(ballot.title())
                .contains("Do you agree?")
                .contains("id=\"option-0\">3<")
                .contains("id=\"option-0-percent\">75.0%<")
                .contains("id=\"option-1\">1<")
                .contains("id=\"option-1-percent\">25.0%<")
                .contains("id=\"returned\">4<")
                .contains("id=\"entitled\">5<")
                .contains("id=\"turnout\">80.0%<")
                .contains("id=\"certified-by\">" + ScrutineerMailTests.SCRUTINEER.replace("\"", "&quot;")
                        + ", independent scrutineer<")
                .contains("Statement 2: two emails were filtered.")
                .contains("href=\"/receipts/" + ballot.id() + "\"")
                .contains("still matches")
                .doesNotContain("id=\"spoilt\"");
        assertThat(anyone.get("/results").body()).contains("href=\"/results/" + ballot.id() + "\"");
    }

    @Test
    void noStaffMembersAddressIsInThePublicResultItsRecordOrItsEmail(@TempDir Path downloads) throws Exception {
        ClosedBallot ballot = fixtures.closed("No staff addresses", 3, 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        String publishedBy = jdbc.sql("select published_by from ballots.ballot where id = :id")
                .param("id", ballot.id())
                .query(String.class)
                .single();
        assertThat(publishedBy).as("the staff member who published").contains("@");
        List<String> staff = List.of("scrutineer@ballots.test", publishedBy);

        Http anyone = new Http(port);
        String page = anyone.get("/results/" + ballot.id()).body();
        assertThat(page).contains("id=\"certified-by\">");
        assertThat(staff).allSatisfy(address -> assertThat(page).doesNotContainIgnoringCase(address));

        Path record = downloads.resolve("public-record.zip");
        assertThat(anyone.download("/results/" + ballot.id() + "/record.zip", null, record))
                .isEqualTo(200);
        try (ZipFile zip = new ZipFile(record.toFile())) {
            assertThat(zip.size()).isPositive();
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(staff)
                        .as(entry.getName())
                        .allSatisfy(address -> assertThat(text).doesNotContainIgnoringCase(address));
            }
        }

        String email = TestMailbox.awaitMessageTo(ballot.members().get(0).email(), "Result: " + ballot.title())
                .body();
        assertThat(email).contains("/results/" + ballot.id());
        assertThat(staff).allSatisfy(address -> assertThat(email).doesNotContainIgnoringCase(address));
    }

    @Test
    void thePageSaysWhenPapersNoLongerMatchTheSealAndChecksAtMostOnceAMinute() {
        ClosedBallot ballot = fixtures.closed("Seal checked", 3, 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        Http anyone = new Http(port);
        String first = anyone.get("/results/" + ballot.id()).body();
        assertThat(first).contains("still matches");

        jdbc.sql("""
                        delete from ballots.ballot_paper
                        where paper_id = (select min(paper_id::text)::uuid from ballots.ballot_paper where ballot_id = :id)
                        """).param("id", ballot.id()).update();
        String again = anyone.get("/results/" + ballot.id()).body();
        assertThat(again)
                .as("the check made a moment ago stands, rather than hashing every paper for every reader")
                .contains("still matches")
                .contains(checkedAt(first));

        ClosedBallot changed = fixtures.closed("Seal broken", 3, 2, 1);
        fixtures.certify(changed.id(), "");
        publish(changed.id());
        jdbc.sql("""
                        delete from ballots.ballot_paper
                        where paper_id = (select min(paper_id::text)::uuid from ballots.ballot_paper where ballot_id = :id)
                        """).param("id", changed.id()).update();
        assertThat(anyone.get("/results/" + changed.id()).body())
                .as("a paper removed after the close shows")
                .contains("no longer matches");
    }

    @Test
    void theCommandThePageGivesVerifiesTheFileItsLinkDownloads(@TempDir Path folder) throws Exception {
        ClosedBallot ballot = fixtures.closed("Record checked as written", 3, 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        Http anyone = new Http(port);
        String page = anyone.get("/results/" + ballot.id()).body();
        Path record = anyone.downloadInto(recordLink(page), folder);
        putTheJarInTheFolderAsThePageSays(page, folder);
        String command = command(page, "java -jar gp-action.jar verify ", false);

        Run run = runAsWritten(command, folder);

        assertThat(run.exit())
                .as("%s in the folder holding %s:%n%s", command, record.getFileName(), run.output())
                .isZero();
        assertThat(verdicts(run.output())).as(run.output()).containsExactly("VERIFIED");
        Matcher shown = JOINT_KEY.matcher(page);
        assertThat(shown.find()).as("the page shows the joint key").isTrue();
        String jointKey = shown.group(1);
        assertThat(run.output()).contains("Joint key: " + jointKey + "\n");
        Matcher checked = JOINT_KEY_COMMAND.matcher(page);
        assertThat(checked.find())
                .as("the page gives the command that checks the joint key")
                .isTrue();
        assertThat(checked.group(1))
                .isEqualTo("java -jar gp-action.jar verify " + record.getFileName() + " --joint-key " + jointKey);

        Run againstTheKey = runAsWritten(checked.group(1), folder);

        assertThat(againstTheKey.exit()).as(againstTheKey.output()).isZero();
        assertThat(againstTheKey.output())
                .contains("PASS the record's joint key is " + jointKey + ", the one given with --joint-key\n");
    }

    private static final Pattern JOINT_KEY = Pattern.compile("<code[^>]*id=\"joint-key\"[^>]*>([0-9a-f]{66})</code>");

    private static final Pattern JOINT_KEY_COMMAND =
            Pattern.compile("<code[^>]*id=\"verify-joint-key\"[^>]*>([^<]*)</code>");

    @Test
    void aVoterFollowingThePageFindsTheirReceiptCountedInTheRecord_withEitherVerifier(@TempDir Path folder)
            throws Exception {
        ClosedBallot ballot = fixtures.closed("Receipt found in the record", 3, 2, 1);
        ClosedBallot another = fixtures.closed("Another ballot's receipt", 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        Http anyone = new Http(port);
        String page = anyone.get("/results/" + ballot.id()).body();
        Path record = anyone.downloadInto(recordLink(page), folder);
        downloadVerifyPyThroughThePagesLink(page, anyone, folder);
        putTheJarInTheFolderAsThePageSays(page, folder);
        String java = command(page, "java -jar gp-action.jar verify ", true);
        String python = command(page, "python3 verify.py ", true);
        String receipt = ballot.receipts().get(2);
        for (String command : List.of(java, python)) {
            assertThat(command).contains(record.getFileName().toString()).contains(YOUR_RECEIPT);
            Run found = runAsWritten(command.replace(YOUR_RECEIPT, receipt), folder);
            assertThat(found.exit())
                    .as("%s with the receipt %s as shown:%n%s", command, receipt, found.output())
                    .isZero();
            assertThat(verdicts(found.output())).as(found.output()).containsExactly("VERIFIED");
        }

        Run elsewhere =
                runAsWritten(java.replace(YOUR_RECEIPT, another.receipts().get(0)), folder);
        assertThat(elsewhere.exit())
                .as("a receipt from another ballot is not in this record:%n%s", elsewhere.output())
                .isEqualTo(1);
        assertThat(verdicts(elsewhere.output())).as(elsewhere.output()).containsExactly("NOT VERIFIED");
        String email = TestMailbox.awaitMessageTo(ballot.members().get(0).email(), "Result: " + ballot.title())
                .body();
        assertThat(email)
                .as("the result email says where the steps are")
                .contains("how to verify it and find your receipt in it");
    }

    @Test
    void thePageSaysTheSealIsGpActionsOwnCheck_asThePaperIdsAndDaysItHashesAreNotInTheRecord(@TempDir Path folder)
            throws Exception {
        ClosedBallot ballot = fixtures.closed("Seal explained", 3, 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        Http anyone = new Http(port);
        String page = anyone.get("/results/" + ballot.id()).body();
        assertThat(page).contains("GP Action's own check").contains("cannot be recomputed from the ballot record");

        List<String> notInTheRecord =
                jdbc.sql("""
                        select paper_id::text from ballots.ballot_paper where ballot_id = :id
                        union select distinct cast_on::text from ballots.ballot_paper where ballot_id = :id
                        """).param("id", ballot.id()).query(String.class).list();
        assertThat(notInTheRecord).hasSizeGreaterThan(3);
        try (ZipFile zip =
                new ZipFile(anyone.downloadInto(recordLink(page), folder).toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(notInTheRecord)
                        .as(entry.getName())
                        .allSatisfy(value -> assertThat(text).doesNotContain(value));
            }
        }
    }

    @Test
    void theListSaysAResultPublishedAtMidnightWasPublishedAtMidnight() {
        ClosedBallot midnight = fixtures.closed("Published at midnight", 2, 1);
        fixtures.certify(midnight.id(), "");
        publish(midnight.id());
        ClosedBallot afternoon = fixtures.closed("Published in the afternoon", 2, 1);
        fixtures.certify(afternoon.id(), "");
        publish(afternoon.id());
        jdbc.sql("""
                        update ballots.ballot set published_at = case id
                            when :midnight then timestamp '2026-07-29 00:00' at time zone 'Europe/London'
                            else timestamp '2026-07-29 15:15' at time zone 'Europe/London' end
                        where id in (:midnight, :afternoon)
                        """)
                .param("midnight", midnight.id())
                .param("afternoon", afternoon.id())
                .update();

        assertThat(new Http(port).get("/results").body())
                .contains("published at midnight at the start of 29 July 2026")
                .contains("published on 29 July 2026 at 3:15pm");
    }

    private static final String YOUR_RECEIPT = "YOUR-RECEIPT";

    private static final Pattern RECORD_LINK = Pattern.compile("id=\"record\"[^>]*href=\"([^\"]+)\"");

    private static final Pattern CODE = Pattern.compile("<code[^>]*>([^<]*)</code>");

    private static final Pattern VERIFIER_LINK = Pattern.compile("<a[^>]*id=\"verifier\"[^>]*>");

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    /** The verifier's last line, VERIFIED or NOT VERIFIED (the Java one adds a count after a colon). */
    private static final Pattern VERDICT = Pattern.compile("^(NOT VERIFIED|VERIFIED)(: .*)?$", Pattern.MULTILINE);

    private static List<String> verdicts(String output) {
        return VERDICT.matcher(output)
                .results()
                .map(verdict -> verdict.group(1))
                .toList();
    }

    /**
     * Saves verify.py as a browser follows the page's link (its download attribute keeps the name the link ends in),
     * and checks it is the second verifier of this source, served from the one copy.
     */
    private static void downloadVerifyPyThroughThePagesLink(String page, Http anyone, Path folder) throws Exception {
        Matcher link = VERIFIER_LINK.matcher(page);
        assertThat(link.find()).as("the page links verify.py").isTrue();
        assertThat(link.group()).as("the link downloads the file").contains(" download");
        Matcher href = HREF.matcher(link.group());
        assertThat(href.find()).isTrue();
        String path = href.group(1);
        Path saved = folder.resolve(path.substring(path.lastIndexOf('/') + 1));
        assertThat(anyone.download(path, null, saved)).as(path).isEqualTo(200);
        assertThat(saved.getFileName()).hasToString("verify.py");
        assertThat(saved).hasSameBinaryContentAs(Path.of("docs/verifier/verify.py"));
    }

    /**
     * Does what the page tells a reader with GP Action's source to do: build gp-action.jar and copy it beside the
     * record. The test phase runs before Maven packages the jar, so a jar standing in for it is made: it runs this
     * build's application, as target/gp-action.jar would, and the command is then run as the page writes it.
     */
    private static void putTheJarInTheFolderAsThePageSays(String page, Path folder) throws Exception {
        assertThat(page)
                .as("the page says where the build puts the jar, and to copy it beside the record")
                .contains("<code>./mvnw -DskipTests package</code> builds it as <code>target/gp-action.jar</code>")
                .contains("copy it into the folder where you saved the record");
        assertThat(Files.readString(Path.of("pom.xml")))
                .as("the build names the jar gp-action.jar")
                .contains("<finalName>gp-action</finalName>");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, GpActionApplication.class.getName());
        manifest.getMainAttributes()
                .put(
                        Attributes.Name.CLASS_PATH,
                        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                                .map(entry ->
                                        Path.of(entry).toAbsolutePath().toUri().toString())
                                .collect(Collectors.joining(" ")));
        try (JarOutputStream jar =
                new JarOutputStream(Files.newOutputStream(folder.resolve("gp-action.jar")), manifest)) {
            jar.flush();
        }
    }

    private static String recordLink(String page) {
        Matcher link = RECORD_LINK.matcher(page);
        assertThat(link.find()).as("the page links the record").isTrue();
        return link.group(1);
    }

    /** The first command on the page that starts so, with or without looking up a receipt. */
    private static String command(String page, String start, boolean withReceipt) {
        Matcher code = CODE.matcher(page);
        while (code.find()) {
            String command = code.group(1).strip();
            if (command.startsWith(start) && command.contains("--tracker") == withReceipt) {
                return command;
            }
        }
        throw new AssertionError("the page gives no command starting " + start
                + (withReceipt ? " that looks up a receipt" : " that checks the record alone"));
    }

    record Run(int exit, String output) {}

    /**
     * Runs a command word for word as the page writes it, in the folder the record and the verifier were saved to, as
     * a reader would; only java is named by the path of the Java running this test.
     */
    private static Run runAsWritten(String command, Path folder) throws Exception {
        List<String> words = new ArrayList<>(Arrays.asList(command.split(" +")));
        if (command.startsWith("java -jar gp-action.jar ")) {
            words.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } else if (!command.startsWith("python3 verify.py ")) {
            throw new AssertionError("not a command a reader could run: " + command);
        }
        Process process = new ProcessBuilder(words)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(command).isTrue();
        return new Run(process.exitValue(), output);
    }

    /**
     * The visitors are made to overlap: a transaction holds the papers' table, so whoever reads the papers for the seal
     * waits in view, and the test waits until all eight requests are in the result page at once, each waiting either
     * on the database or for another request, before letting the reading go on. Only then is one reading for eight
     * visitors a proof that they shared it, rather than came one after another.
     */
    @Test
    void visitorsArrivingTogetherAtANewlyPublishedResultHaveItsPapersReadOnce() throws Exception {
        ClosedBallot ballot = fixtures.closed("Everyone at once", 5, 3, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        double before = hashes(ballot.id());
        int visitors = 8;
        ExecutorService browsers = Executors.newFixedThreadPool(visitors);
        try {
            List<Future<Integer>> pages = new ArrayList<>();
            long readingsWaiting;
            try (Connection papersHeld = dataSource.getConnection()) {
                papersHeld.setAutoCommit(false);
                int holder = holdThePapers(papersHeld);
                try {
                    for (int i = 0; i < visitors; i++) {
                        pages.add(browsers.submit(() ->
                                new Http(port).get("/results/" + ballot.id()).status()));
                    }
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        List<Thread> inFlight = requestsOnTheResultPage();
                        long waitingForTheDatabase = inFlight.stream()
                                .filter(PublicResultPageTests::inTheDatabaseDriver)
                                .count();
                        return inFlight.size() == visitors
                                && inFlight.stream().allMatch(PublicResultPageTests::waiting)
                                && waitingForTheDatabase >= 1
                                && sealReadingsWaitingOn(holder) == waitingForTheDatabase;
                    });
                    readingsWaiting = sealReadingsWaitingOn(holder);
                } finally {
                    papersHeld.rollback();
                }
            }
            for (Future<Integer> page : pages) {
                assertThat(page.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
            assertThat(hashes(ballot.id()) - before)
                    .as("the papers were read once for all %d visitors, who were all waiting at once", visitors)
                    .isEqualTo(1.0);
            assertThat(readingsWaiting)
                    .as("one request read the papers while the others waited for it")
                    .isEqualTo(1);
        } finally {
            browsers.shutdownNow();
        }
    }

    /** Takes the papers' table from everyone until the transaction ends; answers the holding backend's process id. */
    private static int holdThePapers(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("lock table ballots.ballot_paper in access exclusive mode");
            try (ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
                pid.next();
                return pid.getInt(1);
            }
        }
    }

    /** Backends reading the papers for the seal, waiting for the transaction that holds them. */
    private long sealReadingsWaitingOn(int holder) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where :holder = any(pg_blocking_pids(pid)) and query like '%encode(sha256(encrypted)%'
                        """).param("holder", holder).query(Long.class).single();
    }

    /** The server's threads answering a request for a result page right now. */
    private static List<Thread> requestsOnTheResultPage() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().equals(PUBLIC_RESULTS_CONTROLLER)
                                && frame.getMethodName().equals("result")))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Waiting on the database, or blocked or parked in Java (for another request's reading, say). */
    private static boolean waiting(Thread thread) {
        return thread.getState() != Thread.State.RUNNABLE || inTheDatabaseDriver(thread);
    }

    private static boolean inTheDatabaseDriver(Thread thread) {
        return thread.getState() == Thread.State.RUNNABLE
                && Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().startsWith("org.postgresql."));
    }

    @Test
    void aBallotNotPublishedAnswersAsOneThatDoesNotExist() {
        long open = data.open("Open, unpublished", List.of("Yes", "No"));
        data.roll(open, 4, 2, 1);
        ClosedBallot closed = fixtures.closed("Closed, unpublished", 3, 2);
        ClosedBallot certified = fixtures.closed("Certified, unpublished", 3, 1, 1);
        fixtures.certify(certified.id(), "");

        Http anyone = new Http(port);
        for (long id : new long[] {open, closed.id(), certified.id(), 999_999_999L}) {
            Http.Response page = anyone.get("/results/" + id);
            assertThat(page.status()).as("ballot " + id).isEqualTo(404);
            assertThat(page.body()).doesNotContain("option-0").doesNotContain("turnout");
        }
        assertThat(anyone.get("/results").body())
                .doesNotContain("/results/" + open + "\"")
                .doesNotContain("/results/" + closed.id() + "\"")
                .doesNotContain("/results/" + certified.id() + "\"");
    }

    @Test
    void aReceiptIsFoundInAnyCaseWithOrWithoutDashesAndSpaces() {
        ClosedBallot ballot = fixtures.closed("Receipts typed", 3, 2);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());
        String shown = ballot.receipts().get(1);
        String bare = shown.replace("-", "");

        Http voter = new Http(port);
        voter.get("/receipts/" + ballot.id());
        for (String typed : List.of(
                shown,
                shown.toLowerCase(),
                bare,
                bare.toLowerCase(),
                " " + shown.toLowerCase().replace("-", " ") + " ",
                bare.substring(0, 4) + " - " + bare.substring(4, 8) + "\u2013" + bare.substring(8),
                String.join(" ", bare.split("")))) {
            Http.Response checked = voter.postForm("/receipts/" + ballot.id(), Map.of("code", typed));
            assertThat(checked.status()).as(typed).isEqualTo(200);
            assertThat(checked.body())
                    .as(typed)
                    .contains("Your vote was counted")
                    .contains(shown);
        }
    }

    @Test
    void whatIsNotAReceiptCodeIsToldSoAndNeverCountsAsAGuess() {
        ClosedBallot ballot = fixtures.closed("Hostile receipts", 2, 1);
        fixtures.certify(ballot.id(), "");
        publish(ballot.id());

        Http voter = new Http(port);
        voter.get("/receipts/" + ballot.id());
        for (String typed : List.of(
                "<script>alert(1)</script>",
                "' OR '1'='1",
                "ABCD-EFGH-JK0O",
                "ABCD-EFGH-JKLM-NPQR",
                "%00%0d%0a",
                "ABCD\u00b7EFGH\u00b7JKLM",
                "A".repeat(10_000))) {
            Http.Response checked = voter.postForm("/receipts/" + ballot.id(), Map.of("code", typed));
            assertThat(checked.status()).as(typed).isEqualTo(400);
            assertThat(checked.body())
                    .as(typed)
                    .contains("Enter all 52 letters and numbers of your receipt")
                    .doesNotContain("<script>alert(1)")
                    .doesNotContain("Your vote was counted");
        }
        assertThat(attempts.count("RECEIPT_CHECK"))
                .as("input that cannot be a code is not a guess")
                .isZero();
        Http.Response unknown = voter.postForm("/receipts/" + ballot.id(), Map.of("code", "zzzz ".repeat(13)));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).contains("We could not find that receipt").contains("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        assertThat(attempts.count("RECEIPT_CHECK"))
                .as("a code that could be one and is not found is a guess, counted where the others would have been")
                .isEqualTo(1);
    }

    private static String checkedAt(String page) {
        int start = page.indexOf("id=\"seal-checked-at\"");
        assertThat(start).isPositive();
        return page.substring(start, page.indexOf("</span>", start));
    }

    private double hashes(long ballot) {
        return registry.counter("gpaction.ballots.seal.hashes", "ballot", Long.toString(ballot))
                .count();
    }

    private void publish(long id) {
        Http.Response published = new Http(port).postJson("/api/ballots/" + id + "/publish", "{}", data.adminToken());
        assertThat(published.status()).as(published.body()).isEqualTo(200);
    }
}
