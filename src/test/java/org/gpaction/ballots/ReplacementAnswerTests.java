package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Asking for a replacement never tells the asker whether anyone matched, or what happened. */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementAnswerTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    Networks networks;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
    }

    @Test
    void theAnswerIsTheSameForAMemberANonMemberAMemberWhoVotedAndAnAddressToCheck() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Voter voted = fixtures.member(null);
        casting.cast(fixtures.enrol(ballot, voted), 0);
        Voter elsewhere = fixtures.member(null);
        fixtures.enrol(ballot, elsewhere);
        String otherAddress = TestMailbox.uniqueAddress("other");
        String stranger = TestMailbox.uniqueAddress("stranger");

        List<Map<String, String>> requests = List.of(
                request(member, member.email()),
                Map.of("membershipNumber", "M0000001X", "gmcNumber", "7654321", "email", stranger),
                Map.of("membershipNumber", member.number(), "gmcNumber", "7654321", "email", stranger),
                request(voted, voted.email()),
                request(elsewhere, otherAddress));
        Http http = new Http(port);
        List<String> apiAnswers = new ArrayList<>();
        List<String> pageAnswers = new ArrayList<>();
        for (Map<String, String> request : requests) {
            Http.Response api = http.postJson("/api/ballots/replacement-requests", request);
            apiAnswers.add(api.status() + " " + api.body());
            Http page = new Http(port);
            page.get("/ballots/missing");
            Http.Response posted = page.postForm("/ballots/missing", request);
            pageAnswers.add(posted.status() + " "
                    + java.net.URI.create(posted.header("location")).getPath());
        }
        fixtures.awaitRequestsActedOn();
        assertThat(apiAnswers).hasSize(5).allMatch(answer -> answer.equals(apiAnswers.get(0)));
        assertThat(apiAnswers.get(0)).startsWith("202 ");
        // Each page request repeats its API request at once: all are told so alike, and none is acted on again.
        assertThat(pageAnswers).hasSize(5).allMatch(answer -> answer.equals("302 /ballots/missing/just-sent"));
        assertThat(new Http(port).get("/ballots/missing/sent").body())
                .contains("Check your email", "someone other than you changed your registered address");

        // What happened differs, out of sight of the asker: each acts on the registered address or the queue.
        assertThat(TestMailbox.awaitMessagesTo(member.email(), 1))
                .allMatch(message -> message.subject().startsWith("Your new ballot link"));
        assertThat(TestMailbox.awaitMessagesTo(voted.email(), 1))
                .allMatch(message -> message.subject().startsWith("You have already voted"));
        assertThat(jdbc.sql("""
                        select count(*) from ballots.replacement_request
                        where ballot_id = :ballot and membership_number = :member and state = 'WAITING'
                        """)
                        .param("ballot", ballot)
                        .param("member", elsewhere.number())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient in (:a, :b)")
                        .param("a", otherAddress)
                        .param("b", stranger)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(TestMailbox.messagesTo(elsewhere.email())).isEmpty();
    }

    @Test
    void aRegisteredAddressSomeoneElseSetAfterTheFirstLinkWaitsForTheScrutineer_oneTheMemberSetGoesAtOnce() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter changedByAnImport = fixtures.member(null);
        fixtures.enrol(ballot, changedByAnImport);
        Voter changedThemselves = fixtures.member(null);
        fixtures.enrol(ballot, changedThemselves);
        String imported = fixtures.moveAddress(changedByAnImport, "admin@union.test");
        String theirOwn = fixtures.moveAddress(changedThemselves, MemberIdentities.SELF_SERVICE);

        Http http = new Http(port);
        ReplacementFixtures.ask(http, changedByAnImport, imported);
        ReplacementFixtures.ask(http, changedThemselves, theirOwn);
        fixtures.awaitRequestsActedOn();

        assertThat(TestMailbox.awaitMessageTo(theirOwn).subject()).startsWith("Your new ballot link");
        long waiting = fixtures.waitingRequest(ballot, changedByAnImport);
        assertThat(jdbc.sql("select requested_email from ballots.replacement_request where id = :id")
                        .param("id", waiting)
                        .query(String.class)
                        .single())
                .isEqualTo(imported);
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                        .param("to", imported)
                        .query(Long.class)
                        .single())
                .as("no link went to the address an administrator set")
                .isZero();
        assertThat(jdbc.sql("""
                        select detail from ballots.ballot_log
                        where ballot_id = :ballot and action = 'REPLACEMENT_QUEUED'
                        """).param("ballot", ballot).query(String.class).single())
                .contains(
                        changedByAnImport.number(),
                        "someone other than the member changed the address after their first link");
    }

    @Test
    void anAddressAnAdministratorSetIsNotLaunderedByASelfServiceChangeMadeThroughIt_theMemberIsTold() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        String imported = fixtures.moveAddress(member, "admin@union.test");
        String launderedTo = TestMailbox.uniqueAddress("laundered");
        new AttemptsFromHere(jdbc, networks).forget("DETAILS_LINK_REQUEST");

        // Whoever set the address signs in with a link sent there and changes it again, as the member.
        Http browser = new Http(port);
        browser.get("/my-details");
        assertThat(browser.postForm("/my-details", Map.of("email", imported)).status())
                .isEqualTo(200);
        String signIn = java.net
                .URI
                .create(TestMailbox.awaitMessageTo(imported, "Sign in to update your details")
                        .firstLink())
                .getPath();
        browser.get(signIn);
        assertThat(browser.postForm(signIn, Map.of()).status()).isEqualTo(302);
        browser.get("/my-details/edit");
        assertThat(browser.postForm("/my-details/email", Map.of("email", launderedTo))
                        .status())
                .isEqualTo(302);
        confirmNewAddress(browser, launderedTo);
        assertThat(jdbc.sql("select email from membership.member where membership_number = :number")
                        .param("number", member.number())
                        .query(String.class)
                        .single())
                .isEqualTo(launderedTo);

        ReplacementFixtures.ask(new Http(port), member, launderedTo);
        fixtures.awaitRequestsActedOn();

        long waiting = fixtures.waitingRequest(ballot, member);
        assertThat(jdbc.sql("select requested_email from ballots.replacement_request where id = :id")
                        .param("id", waiting)
                        .query(String.class)
                        .single())
                .isEqualTo(launderedTo);
        // The only email there is the one whose link the member opened to confirm the address.
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :to and category <> 'details-email-confirm'
                        """).param("to", launderedTo).query(Long.class).single())
                .as("no ballot link went to an address set through one an administrator set")
                .isZero();
        assertThat(credentialStates(ballot, member)).containsExactly("ACTIVE");
        assertThat(jdbc.sql("""
                        select detail from ballots.ballot_log
                        where ballot_id = :ballot and action = 'REPLACEMENT_QUEUED'
                        """).param("ballot", ballot).query(String.class).single())
                .as("the member set the address they have now, through one someone else set after their first link")
                .contains(member.number(), "someone other than the member changed the address after their first link")
                .doesNotContain("which someone other than the member set");
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :to and category = 'details-email-changed'
                        """).param("to", member.email()).query(Long.class).single())
                .as("the address the member had before the administrator's change hears of the change")
                .isEqualTo(1);
    }

    @Test
    void aLinkToTheRegisteredAddressAfterACorrectionTakesTheBallotsMailBack_theCorrectedAddressIsTold() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        String elsewhere = TestMailbox.uniqueAddress("elsewhere");
        Http http = new Http(port);
        ReplacementFixtures.ask(http, member, elsewhere);
        fixtures.awaitRequestsActedOn();
        ResultsTestData data = new ResultsTestData(jdbc, http);
        ReplacementFixtures.issue(
                data.signedIn(port, data.scrutineer()), fixtures.waitingRequest(ballot, member), elsewhere);
        TestMailbox.awaitMessageTo(elsewhere);

        ReplacementFixtures.ask(http, member, member.email());
        fixtures.awaitRequestsActedOn();
        assertThat(credentialStates(ballot, member)).containsExactly("REPLACED", "REPLACED", "ACTIVE");
        assertThat(ballotLinksTo(member.email())).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select count(*) from ballots.ballot_address
                        where ballot_id = :ballot and membership_number = :member
                        """)
                        .param("ballot", ballot)
                        .param("member", member.number())
                        .query(Long.class)
                        .single())
                .as("the ballot's mail goes where the live link went")
                .isZero();
        TestMailbox.Message told = TestMailbox.awaitMessageTo(
                elsewhere, "Your ballot link was sent to your registered address: " + fixtures.title(ballot));
        assertThat(told.body())
                .as("the address the scrutineer corrected to hears its link no longer works, and how to ask again")
                .contains("registered on your membership", "no longer works", "did not ask")
                .doesNotContain("/vote/", member.email());
        assertThat(told.firstLink()).endsWith("/ballots/missing");
        assertThat(TestMailbox.messagesTo(elsewhere)).hasSize(2);

        String admin = http.postJson(
                        "/api/tokens",
                        Map.of(
                                "email",
                                org.gpaction.support.TestAdmin.EMAIL,
                                "password",
                                org.gpaction.support.TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status())
                .isEqualTo(201);

        TestMailbox.awaitMessageTo(member.email(), "Reminder: vote in " + fixtures.title(ballot));
        assertThat(jdbc.sql(
                                "select count(*) from notifications.outbox where recipient = :to and subject like 'Reminder:%'")
                        .param("to", elsewhere)
                        .query(Long.class)
                        .single())
                .as("no working link goes to the address the live link did not go to")
                .isZero();
    }

    @Test
    void aSecondCorrectionTellsTheAddressTheFirstWentTo_thatItsLinkNoLongerWorksAndHowToAskAgain() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        String first = TestMailbox.uniqueAddress("first-correction");
        String second = TestMailbox.uniqueAddress("second-correction");
        Http http = new Http(port);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        ReplacementFixtures.ask(http, member, first);
        fixtures.awaitRequestsActedOn();
        ReplacementFixtures.issue(scrutineer, fixtures.waitingRequest(ballot, member), first);
        TestMailbox.awaitMessageTo(first, "Your new ballot link: " + fixtures.title(ballot));

        ReplacementFixtures.ask(http, member, second);
        fixtures.awaitRequestsActedOn();
        ReplacementFixtures.issue(scrutineer, fixtures.waitingRequest(ballot, member), second);

        TestMailbox.awaitMessageTo(second, "Your new ballot link: " + fixtures.title(ballot));
        assertThat(credentialStates(ballot, member)).containsExactly("REPLACED", "REPLACED", "ACTIVE");
        TestMailbox.Message told = TestMailbox.awaitMessageTo(
                first, "The scrutineer changed where your ballot emails go: " + fixtures.title(ballot));
        assertThat(told.body())
                .as("the first corrected address hears its link no longer works, why, and how to ask again")
                .contains("the scrutineer changed the address", "no longer works", "did not ask")
                .doesNotContain("/vote/", second, member.email());
        assertThat(told.firstLink()).endsWith("/ballots/missing");
        assertThat(TestMailbox.messagesTo(first))
                .as("its link, then the notice")
                .hasSize(2);
        assertThat(jdbc.sql("""
                        select detail from ballots.ballot_log
                        where ballot_id = :ballot and action = 'EMAIL_CORRECTED' order by id desc limit 1
                        """).param("ballot", ballot).query(String.class).single())
                .contains(second, first + ", where an earlier correction sent it, was told its link no longer works");
    }

    @Test
    void aSelfServiceChangeTellsTheAddressBeforeAnAdministratorsChangeOnlyIfThatChangeIsRecent() {
        Voter longAgo = fixtures.member(null);
        String importedLongAgo = fixtures.moveAddress(
                longAgo, "admin@union.test", java.time.Instant.now().minus(Duration.ofDays(100)));
        Voter lately = fixtures.member(null);
        String importedLately = fixtures.moveAddress(
                lately, "admin@union.test", java.time.Instant.now().minus(Duration.ofDays(2)));

        changeAtMyDetails(importedLongAgo, TestMailbox.uniqueAddress("changed"));
        changeAtMyDetails(importedLately, TestMailbox.uniqueAddress("changed"));

        assertThat(changeNoticesTo(importedLongAgo)).isEqualTo(1);
        assertThat(changeNoticesTo(longAgo.email()))
                .as("an address from before an import months ago is not told: someone else may read it now")
                .isZero();
        assertThat(changeNoticesTo(importedLately)).isEqualTo(1);
        assertThat(changeNoticesTo(lately.email()))
                .as("the address before an import days ago is told: the change went through the address it set")
                .isEqualTo(1);
    }

    /** Signs in at /my-details with a link sent to the registered address {@code from} and changes it. */
    private void changeAtMyDetails(String from, String to) {
        new AttemptsFromHere(jdbc, networks).forget("DETAILS_LINK_REQUEST");
        Http browser = new Http(port);
        browser.get("/my-details");
        assertThat(browser.postForm("/my-details", Map.of("email", from)).status())
                .isEqualTo(200);
        String signIn = java.net
                .URI
                .create(TestMailbox.awaitMessageTo(from, "Sign in to update your details")
                        .firstLink())
                .getPath();
        browser.get(signIn);
        assertThat(browser.postForm(signIn, Map.of()).status()).isEqualTo(302);
        browser.get("/my-details/edit");
        assertThat(browser.postForm("/my-details/email", Map.of("email", to)).status())
                .isEqualTo(302);
        confirmNewAddress(browser, to);
    }

    /** Opens the link sent to the new address, which only then becomes the member's. */
    private static void confirmNewAddress(Http browser, String to) {
        String link = java.net
                .URI
                .create(TestMailbox.awaitMessageTo(to, "Confirm your new membership email address")
                        .firstLink())
                .getPath();
        browser.get(link);
        assertThat(browser.postForm(link, Map.of()).status()).isEqualTo(200);
    }

    private long changeNoticesTo(String address) {
        return jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :to and category = 'details-email-changed'
                        """).param("to", address).query(Long.class).single();
    }

    @Test
    void theSameDetailsSentAgainWithinTwoMinutesSendNothingMoreAndSayALinkWasJustSent_whoeverTheyName() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Map<String, String> stranger = Map.of(
                "membershipNumber", "M0000003X", "gmcNumber", "7654323", "email", TestMailbox.uniqueAddress("x"));

        List<String> answers = new ArrayList<>();
        for (Map<String, String> details : List.of(request(member, member.email()), stranger)) {
            Http page = new Http(port);
            page.get("/ballots/missing");
            for (int i = 0; i < 2; i++) {
                Http.Response posted = page.postForm("/ballots/missing", details);
                answers.add(posted.status() + " "
                        + java.net.URI.create(posted.header("location")).getPath());
            }
            Http.Response api = new Http(port).postJson("/api/ballots/replacement-requests", details);
            answers.add(api.status() + " " + api.json().get("message").asString());
        }
        fixtures.awaitRequestsActedOn();

        String justSent = "202 You asked with these details a moment ago. If they match a member on the roll of an"
                + " open ballot, we have just sent a link: check your inbox, and your spam folder, before asking again."
                + " Nothing more was sent: a newer link would stop the one just sent from working.";
        assertThat(answers)
                .containsExactly(
                        "302 /ballots/missing/sent",
                        "302 /ballots/missing/just-sent",
                        justSent,
                        "302 /ballots/missing/sent",
                        "302 /ballots/missing/just-sent",
                        justSent);
        assertThat(new Http(port).get("/ballots/missing/just-sent").body())
                .contains("Check your email before asking again", "check your inbox, and your spam folder")
                .contains("within 2 minutes");
        assertThat(credentialStates(ballot, member)).containsExactly("REPLACED", "ACTIVE");
        assertThat(ballotLinksTo(member.email())).isEqualTo(1);
        String link = TestMailbox.awaitMessagesTo(member.email(), 1).get(0).firstLink();
        assertThat(new Http(port).get(java.net.URI.create(link).getPath()).status())
                .as("the link sent still works")
                .isEqualTo(200);
    }

    @Test
    void theRepeatCheckKeepsNoPlainHashOfTheDetails_yetARepeatThroughASecondInstanceOnTheDatabaseIsFound() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Map<String, String> details = request(member, member.email());
        // Started first, so that its start-up does not outlast the two minutes in which a repeat is looked for.
        ConfigurableApplicationContext other = new SpringApplicationBuilder(org.gpaction.GpActionApplication.class)
                .run(
                        "--server.port=0",
                        "--gpaction.bootstrap-admin.email=" + org.gpaction.support.TestAdmin.EMAIL,
                        "--gpaction.bootstrap-admin.password=" + org.gpaction.support.TestAdmin.PASSWORD,
                        "--gpaction.accounts.failures-per-address=100000");
        try {
            java.time.Instant before = java.time.Instant.now().minusSeconds(1);
            assertThat(new Http(port)
                            .postJson("/api/ballots/replacement-requests", details)
                            .status())
                    .isEqualTo(202);

            String plainHash = java.util.HexFormat.of()
                    .formatHex(org.gpaction.common.SecretTokens.hash(member.number() + "\n" + member.gmc() + "\n"
                            + member.email().toLowerCase(Locale.ROOT)));
            List<String> kept = jdbc.sql("""
                            select subject from common.failed_attempt
                            where kind = 'REPLACEMENT_ASKED_JUST_NOW' and at >= :before
                            """)
                    .param("before", java.sql.Timestamp.from(before))
                    .query(String.class)
                    .list();
            assertThat(kept)
                    .as("what the repeat check keeps of the details")
                    .singleElement()
                    .satisfies(subject -> assertThat(subject)
                            .as("not a hash anyone reading the database can test guesses against")
                            .isNotEqualTo(plainHash)
                            .doesNotContain(member.number(), member.gmc(), member.email())
                            .matches("[0-9a-f]{64}"));

            int otherPort = other.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            Http.Response again = new Http(otherPort).postJson("/api/ballots/replacement-requests", details);
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().get("message").asString())
                    .as("the repeat is found by another instance sharing the database")
                    .startsWith("You asked with these details a moment ago");
            fixtures.awaitRequestsActedOn();
        } finally {
            other.close();
        }
        assertThat(credentialStates(ballot, member)).containsExactly("REPLACED", "ACTIVE");
        assertThat(ballotLinksTo(member.email())).isEqualTo(1);
    }

    @Test
    void aRequestWithAFieldItDoesNotTakeIsRefusedNamingIt_andIsNotTakenAsAsked() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Map<String, String> details = request(member, member.email());
        Map<String, String> misnamed = new java.util.HashMap<>(details);
        misnamed.put("gmc", member.gmc());
        Http http = new Http(port);

        Http.Response refused = http.postJson("/api/ballots/replacement-requests", misnamed);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("gmc");
        assertThat(error.get("message").asString())
                .isEqualTo("gmc is not a field this request takes: send gmcNumber instead");
        Http.Response asked = http.postJson("/api/ballots/replacement-requests", details);
        assertThat(asked.status()).isEqualTo(202);
        assertThat(asked.body())
                .as("the refused request was not taken, so this is no repeat of it")
                .contains("we will email the registered address")
                .doesNotContain("a moment ago");
    }

    /**
     * Past the limit for its network address (60 in 15 minutes, reached here at once), a request is still answered as
     * taken, whoever it names: a member behind a busy shared NHS address still gets their new link, and one matching
     * nobody is answered the same (every header but Date, and the body), as a request under the limit is, and dropped.
     */
    @Test
    void pastTheAddressLimitAMembersRequestIsStillTakenAndSent_andOneMatchingNobodyIsAnsweredTheSame() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        String wrongGmc = member.gmc().equals("7654321") ? "7654322" : "7654321";
        String stranger = TestMailbox.uniqueAddress("stranger");
        List<Map<String, String>> requests = List.of(
                request(member, member.email()),
                Map.of("membershipNumber", member.number(), "gmcNumber", wrongGmc, "email", stranger),
                Map.of("membershipNumber", "M0000002X", "gmcNumber", "7654322", "email", stranger));
        AttemptsFromHere here = new AttemptsFromHere(jdbc, networks);
        List<String> underTheLimit =
                ask(Map.of("membershipNumber", "M0000003X", "gmcNumber", "7654323", "email", stranger));
        here.tried("REPLACEMENT_REQUEST", 58, java.time.Instant.now());

        List<List<String>> answers = new ArrayList<>();
        for (Map<String, String> details : requests) {
            answers.add(ask(details));
        }
        fixtures.awaitRequestsActedOn();

        assertThat(answers)
                .as("the answers to any request, whoever it names, as under the limit")
                .hasSize(3)
                .containsOnly(underTheLimit);
        assertThat(underTheLimit.get(0))
                .startsWith("202 ")
                .contains("we will email the registered address")
                .doesNotContain("a moment ago");
        // Each page request repeats its API request at once, and is told so, whoever the details name.
        assertThat(underTheLimit.get(1)).startsWith("302 ").contains("location=/ballots/missing/just-sent,");
        assertThat(TestMailbox.awaitMessagesTo(member.email(), 1))
                .allMatch(message -> message.subject().startsWith("Your new ballot link"));
        assertThat(credentialStates(ballot, member))
                .as("one new link: the page's repeat of the request sent nothing more")
                .containsExactly("REPLACED", "ACTIVE");
        assertThat(ballotLinksTo(member.email())).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                        .param("to", stranger)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(here.count("REPLACEMENT_REQUEST"))
                .as("requests past the limit are not counted against the address")
                .isEqualTo(60);
    }

    /**
     * The API's answer and then the page's to these details, each as its status, every header but Date (names in lower
     * case, sorted; a cookie's value left out, as a new session's differs each time) and its body.
     */
    private List<String> ask(Map<String, String> details) {
        Http.Response api = new Http(port).postJson("/api/ballots/replacement-requests", details);
        Http page = new Http(port);
        page.get("/ballots/missing");
        Http.Response posted = page.postForm("/ballots/missing", details);
        return List.of(answer(api), answer(posted));
    }

    private static String answer(Http.Response response) {
        java.util.TreeMap<String, String> headers = new java.util.TreeMap<>();
        response.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("date")) {
                headers.put(lower, lower.equals("set-cookie") ? value.replaceAll("=[^;]*", "=…") : value);
            }
        });
        return response.status() + " " + headers + " " + response.body();
    }

    @Test
    void wrongGmcNumbersGivenForAMemberDoNotUseUpTheirRequests_theirOwnRequestStillGetsANewLink() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        String wrongGmc = member.gmc().equals("7654321") ? "7654322" : "7654321";
        Http http = new Http(port);
        for (int i = 0; i < 5; i++) {
            assertThat(http.postJson(
                                    "/api/ballots/replacement-requests",
                                    Map.of(
                                            "membershipNumber",
                                            member.number(),
                                            "gmcNumber",
                                            wrongGmc,
                                            "email",
                                            TestMailbox.uniqueAddress("guesser")))
                            .status())
                    .isEqualTo(202);
        }
        ReplacementFixtures.ask(http, member, member.email());
        fixtures.awaitRequestsActedOn();

        assertThat(credentialStates(ballot, member)).containsExactly("REPLACED", "ACTIVE");
        assertThat(ballotLinksTo(member.email())).isEqualTo(1);
    }

    @Test
    void elevenMembersAskingFromOneNetworkAddressWithinTheHourAllGetTheirLinks() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        List<Voter> practice = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Voter member = fixtures.member(null);
            fixtures.enrol(ballot, member);
            practice.add(member);
        }
        Http http = new Http(port);
        for (Voter member : practice) {
            ReplacementFixtures.ask(http, member, member.email());
        }
        fixtures.awaitRequestsActedOn();

        for (Voter member : practice) {
            assertThat(credentialStates(ballot, member)).containsExactly("REPLACED", "ACTIVE");
            assertThat(ballotLinksTo(member.email())).isEqualTo(1);
        }
    }

    @Test
    void aMemberWhoVotedIsToldSoAtTheAddressTheScrutineerCorrectedForTheBallot_asReceivedNotCounted() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voted = fixtures.member(null);
        casting.cast(fixtures.enrol(ballot, voted), 0);
        String corrected = TestMailbox.uniqueAddress("corrected");
        jdbc.sql("""
                        insert into ballots.ballot_address (ballot_id, membership_number, email, set_by, set_at, reason)
                        values (:ballot, :member, :email, 'scrutineer@ballots.test', now(), 'Checked by phone')
                        """)
                .param("ballot", ballot)
                .param("member", voted.number())
                .param("email", corrected)
                .update();

        ReplacementFixtures.ask(new Http(port), voted, voted.email());
        fixtures.awaitRequestsActedOn();

        TestMailbox.Message told = TestMailbox.awaitMessageTo(corrected);
        assertThat(told.subject()).startsWith("You have already voted");
        assertThat(told.body()).contains("received").doesNotContain("counted");
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                        .param("to", voted.email())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private List<String> credentialStates(long ballot, Voter voter) {
        return jdbc.sql("""
                        select state from ballots.credential
                        where ballot_id = :ballot and membership_number = :member order by id
                        """)
                .param("ballot", ballot)
                .param("member", voter.number())
                .query(String.class)
                .list();
    }

    private long ballotLinksTo(String address) {
        return jdbc.sql("select count(*) from notifications.outbox where recipient = :to and category = 'ballot-link'")
                .param("to", address)
                .query(Long.class)
                .single();
    }

    @Test
    void aRequestWithAFieldMissingSaysWhatToFixAndNothingElse() {
        Http http = new Http(port);
        Http.Response api = http.postJson(
                "/api/ballots/replacement-requests",
                Map.of("membershipNumber", "", "gmcNumber", "12", "email", "not an address"));
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.body()).contains("membershipNumber", "gmcNumber", "email");

        http.get("/ballots/missing");
        Http.Response page =
                http.postForm("/ballots/missing", Map.of("membershipNumber", "<script>", "gmcNumber", "", "email", ""));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Enter your GMC number").doesNotContain("<script>");
    }

    @Test
    void eachFieldToFixIsDescribedByItsErrorSoAScreenReaderReadsItOnTheField() {
        Http http = new Http(port);
        http.get("/ballots/missing");
        Http.Response page = http.postForm(
                "/ballots/missing",
                Map.of("membershipNumber", "M9000123", "gmcNumber", "12", "email", "not an address"));
        assertThat(page.status()).isEqualTo(400);

        assertThat(describedBy(page.body(), "membershipNumber")).isEqualTo("membershipNumber-hint");
        assertThat(describedBy(page.body(), "gmcNumber")).isEqualTo("gmcNumber-hint gmcNumber-error");
        assertThat(describedBy(page.body(), "email")).isEqualTo("email-hint email-error");
        assertThat(page.body())
                .contains("id=\"gmcNumber-error\"", "id=\"email-error\"")
                .doesNotContain("id=\"membershipNumber-error\"");
    }

    @Test
    void aRefusedRequestAskedFromABallotsOwnPageStillNamesThatBallot_andOneFilledInProperlyIsTaken() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        String asking = "Ask for a new voting link for <strong>" + fixtures.title(ballot) + "</strong>";
        Http http = new Http(port);
        Http.Response form = http.get("/ballots/" + ballot + "/missing");
        assertThat(form.body()).contains(asking);

        Http.Response refused = http.postForm(
                formAction(form.body()), Map.of("membershipNumber", "M9000123", "gmcNumber", "", "email", ""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Enter your GMC number").contains(asking);
        assertThat(formAction(refused.body())).isEqualTo(formAction(form.body()));

        String number = "ASK" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        Http.Response taken = http.postForm(
                formAction(refused.body()),
                Map.of("membershipNumber", number, "gmcNumber", "7654321", "email", TestMailbox.uniqueAddress("ask")));
        assertThat(taken.status()).isEqualTo(302);
        assertThat(taken.header("location")).endsWith("/ballots/missing/sent");
    }

    /** Where the form with the membership number field posts to. */
    private static String formAction(String body) {
        String before = body.substring(0, body.indexOf("id=\"membershipNumber\""));
        java.util.regex.Matcher form = java.util.regex.Pattern.compile("<form\\b[^>]*\\saction=\"([^\"]*)\"")
                .matcher(before);
        String action = null;
        while (form.find()) {
            action = form.group(1);
        }
        assertThat(action).as("the form of %s", body).isNotNull();
        return action;
    }

    /** The aria-describedby of the input with this id, as the page has it. */
    private static String describedBy(String body, String id) {
        java.util.regex.Matcher input = java.util.regex.Pattern.compile("<input[^>]*\\sid=\"" + id + "\"[^>]*>")
                .matcher(body);
        assertThat(input.find()).as("the input %s in %s", id, body).isTrue();
        java.util.regex.Matcher described =
                java.util.regex.Pattern.compile("aria-describedby=\"([^\"]*)\"").matcher(input.group());
        assertThat(described.find()).as("aria-describedby on %s", input.group()).isTrue();
        return described.group(1);
    }

    @Test
    void aNulInTheEmailIsAProblemWithTheEmail_notAServerError_andNothingIsQueued() {
        String number = "NUL" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        Map<String, String> request =
                Map.of("membershipNumber", number, "gmcNumber", "7654324", "email", "a\u0000b@x.co");
        Http http = new Http(port);

        Http.Response api = http.postJson("/api/ballots/replacement-requests", request);
        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(api.body())
                .contains("\"field\":\"email\"")
                .contains("Enter an email address in the correct format")
                .doesNotContain("membershipNumber")
                .doesNotContain("gmcNumber");

        http.get("/ballots/missing");
        Http.Response page = http.postForm("/ballots/missing", request);
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.body()).contains("href=\"#email\">Enter an email address in the correct format");

        assertThat(jdbc.sql("select count(*) from ballots.replacement_inbox where membership_number = :number")
                        .param("number", number)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void beforeTheCutOffAnEligibleMemberMissingFromTheRollIsAddedAndSentTheirLink() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofHours(1));
        Voter joiner = fixtures.member(practice);
        try {
            assertThat(new Http(port)
                            .postJson("/api/ballots/replacement-requests", request(joiner, joiner.email()))
                            .status())
                    .isEqualTo(202);

            // The joiner may be added to other open ballots too; this test looks at its own.
            String title = fixtures.title(ballot);
            TestMailbox.Message link = await().atMost(TestMailbox.DEFAULT_WAIT)
                    .until(
                            () -> TestMailbox.messagesTo(joiner.email()).stream()
                                    .filter(message -> message.subject().equals("Your ballot: " + title))
                                    .findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            assertThat(fixtures.liveCredentials(ballot, joiner)).isEqualTo(1);
            // The link's hash is stored in the transaction that sends its batch of mail, which commits once the
            // whole batch is handed over: the message can be read a moment before then.
            await().atMost(TestMailbox.DEFAULT_WAIT)
                    .until(() -> jdbc.sql("""
                                    select count(*) from ballots.credential
                                    where ballot_id = :ballot and membership_number = :member and token_hash is not null
                                    """)
                                    .param("ballot", ballot)
                                    .param("member", joiner.number())
                                    .query(Long.class)
                                    .single()
                            == 1);
            casting.cast(TestMailbox.tokenIn(link.firstLink()), 0);
            assertThat(fixtures.papers(ballot)).isEqualTo(1);
        } finally {
            // A ballot whose roll is open takes every eligible joiner; other tests' joiners must not land on it.
            jdbc.sql("update ballots.ballot set status = 'CLOSED', roll_frozen_at = now() where id = :id")
                    .param("id", ballot)
                    .update();
        }
    }

    private static Map<String, String> request(Voter voter, String email) {
        return Map.of("membershipNumber", voter.number(), "gmcNumber", voter.gmc(), "email", email);
    }
}
