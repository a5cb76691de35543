package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Results, their secrecy before the close, the CSV, the report's thresholds, publication and receipt checks. */
@GpActionTest
class BallotResultsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry registry;

    Http api;
    ResultsTestData data;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Http(port);
        data = new ResultsTestData(jdbc, api);
        admin = data.adminToken();
    }

    @Test
    void noOptionCountIsVisibleBeforeTheCloseEvenToAdministratorsAndScrutineers() {
        long id = data.open("Secret until the close", List.of("Approve", "Reject"));
        data.roll(id, 20, 7, 4);

        Http.Response result = api.get("/api/ballots/" + id + "/results", admin);
        assertThat(result.status()).isEqualTo(409);
        assertThat(result.body()).doesNotContain("Approve");
        JsonNode turnout = api.get("/api/ballots/" + id + "/turnout", admin).json();
        assertThat(turnout.get("returned").asLong()).as("turnout is fine").isEqualTo(11);
        assertThat(api.postJson("/api/ballots/" + id + "/publish", "{}", admin).status())
                .isEqualTo(409);

        Http adminPages = new Http(port);
        adminPages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        for (Http pages : List.of(adminPages, scrutineer)) {
            for (String path : List.of("/results", "/results.csv", "/report")) {
                Http.Response page = pages.get("/ballots/" + id + path);
                assertThat(page.status()).as(path).isEqualTo(409);
                assertThat(page.body()).as(path).doesNotContain("option-0").doesNotContain(">7<");
            }
            for (String path : List.of("", "/turnout", "/turnout/summary")) {
                Http.Response page = pages.get("/ballots/" + id + path);
                assertThat(page.status()).as(path).isEqualTo(200);
                assertThat(page.body())
                        .as(path)
                        .contains(path.isEmpty() ? ">20<" : ">11<")
                        .doesNotContain("option-0")
                        .doesNotContain(">7<")
                        .doesNotContain(">4<");
            }
            pages.get("/ballots/" + id);
            assertThat(pages.postForm("/ballots/" + id + "/publish", Map.of()).status())
                    .isEqualTo(409);
        }
    }

    @Test
    void theTurnoutPageSaysTheCountWaitsForTheCloseOnlyUntilItCloses_thenThatVotingClosedAndWhereTheResultIs() {
        long open = data.open("Turnout while voting runs", List.of("Approve", "Reject"));
        long closed = data.closed("Turnout after the close", List.of("Approve", "Reject"));
        data.roll(closed, 20, 7, 4);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        assertThat(words(pages.get("/ballots/" + open + "/turnout").body()))
                .contains("is not counted until voting closes " + closesAt(open) + " (UK time).")
                .doesNotContain("Voting closed");
        assertThat(words(pages.get("/ballots/" + open + "/reminders").body()))
                .contains("Voting closes " + closesAt(open) + " (UK time).");
        assertThat(words(pages.get("/ballots/" + closed + "/turnout").body()))
                .contains("Voting closed " + closesAt(closed) + " (UK time)");
        assertThat(pages.get("/ballots/" + closed + "/turnout").body().replaceAll("\\s+", " "))
                .contains("href=\"/ballots/" + closed + "/results\">result page</a>")
                .doesNotContain("not counted until");
    }

    private static String words(String page) {
        return page.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
    }

    /** The close as a sentence says it: "on 29 July 2024 at 3:00pm", never "at 29 July 2024 at 3:00pm". */
    private String closesAt(long ballot) {
        return org.gpaction.common.UkTime.onOrAt(jdbc.sql("select closes_at from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant());
    }

    @Test
    void theCloseWritesDownTheRollItsVotersAndTheLinksSent_rowsWrittenAfterwardsChangeNoFigure() {
        long id = data.open("Counted once, at the close", List.of("Approve", "Reject"));
        data.roll(id, 20, 7, 4);
        jdbc.sql("update ballots.ballot set closes_at = now() where id = :id")
                .param("id", id)
                .update();
        // The ballot clock, ticking every second, closes it.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select status from ballots.ballot where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single()
                        .equals("CLOSED"));
        assertThat(jdbc.sql("select eligible || ' ' || voted || ' ' || issued from ballots.closed_count"
                                + " where ballot_id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("20 11 20");

        // Rows only someone with direct access to the database could add once the ballot has closed.
        jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence,
                            has_voted, icb_code, lmc)
                        values (:id, 'LATE-1', now(), 'test', 'test', true, 'QTE', 'Test LMC')
                        """).param("id", id).update();
        jdbc.sql("""
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                        values (:id, 'LATE-1', now(), 'USED')
                        """).param("id", id).update();

        JsonNode turnout = api.get("/api/ballots/" + id + "/turnout", admin).json();
        assertThat(turnout.get("eligible").asLong()).isEqualTo(20);
        assertThat(turnout.get("returned").asLong()).isEqualTo(11);
        assertThat(jdbc.sql("select issued from ballots.voter_count where ballot_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isEqualTo(20);
    }

    @Test
    void theCsvKeepsAHostileTitleAndOptionLabelsFromRunningAsFormulas() {
        String title = "=HYPERLINK(\"http://evil.example\",\"Click\")";
        long id = data.closed(title, List.of("+SUM(A1:A9)", "@cmd", "-1", "\tTabbed"));
        data.roll(id, 10, 3, 2, 1, 1);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response csv = pages.get("/ballots/" + id + "/results.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        String quotedTitle = "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"";
        assertThat(csv.body())
                .startsWith("\uFEFFballot_id,ballot_title,measure,label,count,percent\r\n")
                .contains(id + "," + quotedTitle + ",entitled,,10,\r\n")
                .contains(id + "," + quotedTitle + ",option,'+SUM(A1:A9),3,42.9\r\n")
                .contains(",option,'@cmd,2,28.6\r\n")
                .contains(",option,'-1,1,14.3\r\n")
                .contains(",option,'\tTabbed,1,14.3\r\n")
                .contains(",returned,,7,70.0\r\n");
        for (String line : csv.body().substring(1).split("\r\n")) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(bare)
                        .as(line)
                        .doesNotStartWith("=")
                        .doesNotStartWith("+")
                        .doesNotStartWith("@");
            }
        }
    }

    @Test
    void theReportShowsEachThresholdReachedOrNotEitherSideOfTheLine() {
        Instant opens = Instant.now().minus(Duration.ofDays(3));
        Instant closes = Instant.now().minus(Duration.ofDays(1));
        long exactly = data.ballot("CLOSED", "On the line", List.of("Yes", "No"), opens, closes);
        data.roll(exactly, 100, 40, 10);
        long under = data.ballot("CLOSED", "Just under", List.of("Yes", "No"), opens, closes);
        data.roll(under, 100, 39, 10);
        long lowTurnout = data.ballot("CLOSED", "High Yes, low turnout", List.of("Yes", "No"), opens, closes);
        data.roll(lowTurnout, 200, 85, 14);

        assertThresholds(exactly, "Yes", "Yes", "50.0%", "40.0%");
        assertThresholds(under, "No", "No", "49.0%", "39.0%");
        assertThresholds(lowTurnout, "No", "Yes", "49.5%", "42.5%");

        JsonNode api = this.api.get("/api/ballots/" + under + "/results", admin).json();
        assertThat(api.get("thresholds").get("turnoutAtLeastHalf").asBoolean()).isFalse();
        assertThat(api.get("thresholds").get("yesAtLeastFortyPercentOfEntitled").asBoolean())
                .isFalse();
        JsonNode onTheLine =
                this.api.get("/api/ballots/" + exactly + "/results", admin).json();
        assertThat(onTheLine.get("thresholds").get("turnoutAtLeastHalf").asBoolean())
                .isTrue();
        assertThat(onTheLine
                        .get("thresholds")
                        .get("yesAtLeastFortyPercentOfEntitled")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aShareBesideAThresholdNotReachedNeverReadsAsReachingIt() {
        Instant opens = Instant.now().minus(Duration.ofDays(3));
        Instant closes = Instant.now().minus(Duration.ofDays(1));
        long id = data.ballot("CLOSED", "Short by a hair", List.of("Yes", "No"), opens, closes);
        // 500 of 1,001 is 49.95%, and 400 of 1,001 is 39.96%: each rounds half up to the threshold itself.
        data.roll(id, 1001, 400, 100);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String report = pages.get("/ballots/" + id + "/report").body();
        String thresholds = report.substring(report.indexOf("id=\"thresholds\""));
        thresholds = thresholds.substring(0, thresholds.indexOf("</table>"));
        assertThat(thresholds)
                .contains("id=\"turnout-threshold\">No<")
                .contains("id=\"yes-threshold\">No<")
                .contains(">49.9%<")
                .contains(">39.9%<")
                .doesNotContain("50.0%")
                .doesNotContain("40.0%");
        assertThat(report)
                .as("the result's own turnout is stated as ever, rounded half up")
                .contains("id=\"turnout\">50.0%<");
        // Yes of those entitled is stated nowhere else: the result's option shares are of valid votes.
        assertThat(report.replaceAll("\\s+", " "))
                .contains("the turnout beside its threshold can be 0.1 below the turnout in the result above")
                .contains("Yes votes as a share of those entitled are given only here")
                .doesNotContain("0.1 below the same share");

        JsonNode api = this.api.get("/api/ballots/" + id + "/results", admin).json();
        assertThat(api.get("turnoutPercent").decimalValue()).isEqualByComparingTo("50.0");
        JsonNode figures = api.get("thresholds");
        assertThat(figures.get("turnoutAtLeastHalf").asBoolean()).isFalse();
        assertThat(figures.path("turnoutPercentOfEntitled").asString()).isEqualTo("49.9");
        assertThat(figures.get("yesAtLeastFortyPercentOfEntitled").asBoolean()).isFalse();
        assertThat(figures.get("yesPercentOfEntitled").asString()).isEqualTo("39.9");
    }

    void assertThresholds(long ballot, String turnout, String yes, String turnoutShare, String yesShare) {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response report = pages.get("/ballots/" + ballot + "/report");
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body())
                .contains("id=\"turnout-threshold\">" + turnout + "<")
                .contains("id=\"yes-threshold\">" + yes + "<")
                .contains(">" + turnoutShare + "<")
                .contains(">" + yesShare + "<")
                .contains("Independent Scrutineer Ltd")
                .contains("I am satisfied that there are no reasonable grounds")
                .contains("/css/ballots-report.css")
                .as("the report names the keys the votes were encrypted to, for their trustees to check")
                .contains("id=\"trustees\"")
                .contains("<code>" + TestTrustee.publicKey() + "</code>")
                .as("and their joint key as the record and the verifier give it: with one trustee, that trustee's key")
                .contains("id=\"joint-key\">" + TestTrustee.publicKey() + "</code>");
    }

    @Test
    void tenSealChecksAtOnceReadThePapersAtMostTwice_theOthersAreToldToComeBack() throws Exception {
        long id = data.closed("Seal checked ten times at once", List.of("Approve", "Reject"));
        data.roll(id, 4, 2, 1);
        long open = data.open("Seal asked for while voting is open", List.of("Approve", "Reject"));
        int checks = 10;
        double before = sealHashes(id);
        Http reportReader = new Http(port);
        reportReader.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response report;
        ExecutorService staff = Executors.newFixedThreadPool(checks + 1);
        try {
            List<Future<Http.Response>> answers = new ArrayList<>();
            try (Connection papersHeld = dataSource.getConnection()) {
                papersHeld.setAutoCommit(false);
                int holder = LockWaits.backend(papersHeld);
                try (Statement statement = papersHeld.createStatement()) {
                    // Every check that reads the papers waits here, so all ten are asked while the first ones read.
                    statement.execute("lock table ballots.ballot_paper in access exclusive mode");
                }
                try {
                    for (int i = 0; i < checks; i++) {
                        answers.add(staff.submit(() -> new Http(port).get("/api/ballots/" + id + "/seal", admin)));
                    }
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> sealReadingsWaitingOn(holder)
                                            + answers.stream()
                                                    .filter(Future::isDone)
                                                    .count()
                                    == checks);
                    assertThat(sealReadingsWaitingOn(holder))
                            .as("checks reading the papers at once, of the ten asked")
                            .isLessThanOrEqualTo(2);
                    Http.Response openBallot = api.get("/api/ballots/" + open + "/seal", admin);
                    assertThat(openBallot.status())
                            .as(
                                    "a seal asked for an open ballot while two checks read is told the ballot is open: %s",
                                    openBallot.body())
                            .isEqualTo(409);
                    Future<Http.Response> reportAsked =
                            staff.submit(() -> reportReader.get("/ballots/" + id + "/report"));
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(reportAsked)
                                    .as("the printed report is answered while two checks read, not held behind them"
                                            + " waiting for the papers")
                                    .isDone());
                    report = reportAsked.get();
                } finally {
                    papersHeld.rollback();
                }
            }
            List<Http.Response> checked = new ArrayList<>();
            for (Future<Http.Response> answer : answers) {
                checked.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(sealHashes(id) - before)
                    .as("the papers were read for at most two of the ten checks asked at once")
                    .isLessThanOrEqualTo(2.0);
            List<Http.Response> read =
                    checked.stream().filter(answer -> answer.status() == 200).toList();
            List<Http.Response> refused =
                    checked.stream().filter(answer -> answer.status() != 200).toList();
            assertThat(read).as("the first checks are answered").hasSize(2);
            assertThat(read).allSatisfy(answer -> assertThat(answer.body()).contains("\"papersHash\""));
            assertThat(refused).as("the others are told to come back").hasSize(checks - 2);
            for (Http.Response answer : refused) {
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isEqualTo("60");
                assertThat(answer.body()).contains("try again in a minute");
            }
        } finally {
            staff.shutdownNow();
        }
        assertThat(report.status())
                .as("the printed report, which checks the seal too, is refused while two checks read")
                .isEqualTo(503);
        assertThat(report.header("Retry-After")).isEqualTo("60");
        assertThat(report.body()).contains("try again in a minute");
        assertThat(reportReader.get("/ballots/" + id + "/report").status())
                .as("and printed when asked again")
                .isEqualTo(200);
        assertThat(api.get("/api/ballots/" + id + "/seal", admin).status())
                .as("a check asked alone afterwards is answered")
                .isEqualTo(200);
    }

    /** Requests reading the papers for the seal, waiting for the transaction that holds them. */
    private long sealReadingsWaitingOn(int holder) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where :holder = any(pg_blocking_pids(pid)) and query like '%encode(sha256(encrypted)%'
                        """).param("holder", holder).query(Long.class).single();
    }

    private double sealHashes(long ballot) {
        return registry.counter("gpaction.ballots.seal.hashes", "ballot", Long.toString(ballot))
                .count();
    }

    @Test
    void aReceiptCheckSaysOnlyWhetherTheVoteWasCountedAndOnlyOnceTheResultIsPublished() {
        long id = data.closed("Receipts", List.of("Approve", "Reject"));
        String receipt = data.roll(id, 5, 2, 1).get(2);
        Http voter = new Http(port);

        assertThat(voter.get("/receipts/" + id).status()).isEqualTo(404);
        assertThat(voter.get("/receipts").body()).doesNotContain("/receipts/" + id + "\"");
        voter.get("/vote");
        assertThat(voter.postForm("/receipts/" + id, Map.of("code", receipt)).status())
                .as("no answer before publication")
                .isEqualTo(404);

        Http receptionist = data.signedIn(
                port, data.staff("RECEPTIONIST", List.of(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))));
        receptionist.get("/");
        assertThat(receptionist
                        .postForm("/ballots/" + id + "/publish", Map.of())
                        .status())
                .isEqualTo(403);
        String scrutineerEmail = data.scrutineer();
        Http scrutineer = data.signedIn(port, scrutineerEmail);
        scrutineer.get("/ballots/" + id + "/certification");
        assertThat(scrutineer
                        .postForm("/ballots/" + id + "/certification", Map.of("confirm", "yes"))
                        .status())
                .isEqualTo(302);
        scrutineer.get("/ballots/" + id + "/results");
        Http.Response published = scrutineer.postForm("/ballots/" + id + "/publish", Map.of());
        assertThat(published.status()).isEqualTo(302);
        assertThat(jdbc.sql("select status from ballots.ballot where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("PUBLISHED");
        assertThat(scrutineer.get("/ballots/" + id).body())
                .contains("PUBLISHED")
                .contains("Result published by " + scrutineerEmail);
        scrutineer.get("/ballots/" + id + "/results");
        assertThat(scrutineer.postForm("/ballots/" + id + "/publish", Map.of()).status())
                .as("published once only")
                .isEqualTo(409);

        assertThat(voter.get("/receipts").body()).contains("/receipts/" + id + "\"");
        voter.get("/receipts/" + id);
        Http.Response counted = voter.postForm("/receipts/" + id, Map.of("code", receipt.toLowerCase()));
        assertThat(counted.status()).isEqualTo(200);
        assertThat(counted.body())
                .contains("Your vote was counted")
                .doesNotContain("Approve")
                .doesNotContain("Reject");
        Http.Response unknown = voter.postForm("/receipts/" + id, Map.of("code", "A".repeat(52)));
        assertThat(unknown.body()).contains("We could not find that receipt").doesNotContain("Your vote was counted");
        long other = data.closed("Other receipts", List.of("Approve", "Reject"));
        String otherReceipt = data.roll(other, 1, 1).get(0);
        Http.Response otherBallot = voter.postForm("/receipts/" + id, Map.of("code", otherReceipt));
        assertThat(otherBallot.body()).contains("We could not find that receipt");
        Http.Response empty = voter.postForm("/receipts/" + id, Map.of("code", " "));
        assertThat(empty.body()).contains("Enter the receipt you were shown after voting");
        Http.Response shortCode = voter.postForm("/receipts/" + id, Map.of("code", "ABCD-EFGH-JKLM"));
        assertThat(shortCode.status()).isEqualTo(400);
        assertThat(shortCode.body()).contains("Enter all 52 letters and numbers of your receipt");
    }

    @Test
    void onlyAdministratorsAndScrutineersReachTheBallotPages() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        Http manager = data.signedIn(port, data.staff("PRACTICE_MANAGER", List.of(practice)));
        long id = data.open("Staff only", List.of("Yes", "No"));
        for (String path : List.of("/ballots", "/ballots/new", "/ballots/" + id, "/ballots/" + id + "/turnout")) {
            assertThat(manager.get(path).status()).as(path).isEqualTo(403);
        }
        manager.get("/");
        assertThat(manager.postForm("/ballots", Map.of("title", "x")).status()).isEqualTo(403);
        assertThat(manager.get("/").body()).doesNotContain("href=\"/ballots\"");
        assertThat(new Http(port).get("/ballots").status()).isEqualTo(302);

        Http scrutineer = data.signedIn(port, data.scrutineer());
        assertThat(scrutineer.get("/").body()).contains("href=\"/ballots\"");
        assertThat(scrutineer.get("/ballots").body()).contains("Staff only");
        assertThat(scrutineer.get("/ballots/999999999").status()).isEqualTo(404);
    }

    @Test
    void theCreateFormNamesEachFieldToFixAndTakesTimesInUkTime() {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/ballots/new");
        Http.Response empty = pages.postForm(
                "/ballots",
                Map.of(
                        "title", "",
                        "question", "",
                        "options", "Yes\nyes",
                        "opensAtDay", "40",
                        "opensAtMonth", "13",
                        "opensAtYear", "2024",
                        "opensAtTime", "99:00"));
        assertThat(empty.status()).as("a refused form").isEqualTo(400);
        assertThat(empty.body())
                .contains("govuk-error-summary")
                .contains("<title>Error: Create a ballot")
                .contains("href=\"#title\">Enter a title<")
                .contains("href=\"#question\">Enter the question<")
                .contains("href=\"#options\">Option &#39;yes&#39; is given twice<")
                .contains("href=\"#ruleSet\">")
                .contains(
                        "href=\"#opensAtDay\">The date voting opens must be a real date: the day is a number from 1 to 31<")
                .contains("href=\"#closesAtDay\">Enter the date and time voting closes<")
                .contains("href=\"#scrutineerName\">")
                .contains("href=\"#senderAddress\">");

        Map<String, String> fields = new java.util.HashMap<>(DraftChangesTests.formFields("Summer ballot"));
        fields.put("options", "Yes\r\nNo\r\n");
        Http.Response created = pages.postForm("/ballots", fields);
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String location = created.header("location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertThat(jdbc.sql(
                                "select closes_at = timestamptz '2099-07-29 11:00:00+00' from ballots.ballot where id = :id")
                        .param("id", id)
                        .query(Boolean.class)
                        .single())
                .as("midday BST is 11:00 UTC")
                .isTrue();
        Http.Response page = pages.get("/ballots/" + id);
        assertThat(page.body())
                .contains("29 July 2099 at midday")
                .contains("17 June 2099 at 9:00am")
                .contains("DRAFT")
                .contains("Created as a draft");
        Map<String, String> opened = Map.of("version", DraftChangesTests.version(page));
        Http.Response unkeyed = pages.postForm("/ballots/" + id + "/schedule", opened);
        assertThat(unkeyed.status())
                .as("no trustee's key yet: refused, as a form is")
                .isEqualTo(400);
        assertThat(unkeyed.body())
                .contains("<title>Error: ")
                .contains("govuk-error-summary")
                .contains("this ballot has none yet: the scrutineer adds their public key on the ballot")
                .contains("DRAFT");
        TestTrustee.addTo(jdbc, id);
        Http.Response scheduled = pages.postForm("/ballots/" + id + "/schedule", opened);
        assertThat(scheduled.status()).isEqualTo(302);
        assertThat(pages.get("/ballots/" + id).body()).contains("SCHEDULED").contains("Scheduled to open");
    }
}
