package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scrutineer's page of members waiting because the role that makes them eligible is their own word: confirming one
 * sends their link, refusing needs a reason and sends none, only the scrutineer decides, and the report counts them.
 */
@GpActionTest
class RollCheckPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ReplacementFixtures fixtures;
    ResultsTestData data;
    long ballot;
    String practice;
    Voter declared;
    long check;

    @BeforeEach
    void aMemberWaitingForTheCheck() {
        fixtures = new ReplacementFixtures(jdbc);
        data = new ResultsTestData(jdbc, new Http(port));
        ballot = fixtures.openBallot(Duration.ofDays(7), Duration.ofDays(2));
        practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        // A partner at the practice by their own word, as the roll finds them: eligible only by the declared role.
        declared = fixtures.member(practice);
        jdbc.sql(
                        "update membership.member_role set declared_at = now() - interval '1 hour' where membership_number = :n")
                .param("n", declared.number())
                .update();
        check = waiting(ballot, declared.number(), "WAITING");
    }

    @Test
    void theScrutineerSeesWhoWaitsWithTheirGmcNumber_andConfirmingPutsThemOnTheRollAndSendsTheirLink() {
        Http scrutineer = data.signedIn(port, data.scrutineer());

        Http.Response page = scrutineer.get("/ballots/" + ballot + "/roll-checks");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(declared.number(), declared.gmc(), practice, "GP contractor or partner")
                .contains("1 declared in all for this ballot: 0 confirmed, 0 refused, 1 waiting.");

        Http.Response confirmed = decide(scrutineer, ballot, check, "confirm", Map.of());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(302);
        assertThat(fixtures.liveCredentials(ballot, declared)).isEqualTo(1);
        assertThat(state(check)).isEqualTo("CONFIRMED");
        assertThat(logged("ROLL_CHECK_CONFIRMED")).singleElement().asString().contains(declared.number());
        TestMailbox.awaitMessageTo(declared.email(), "Your ballot: " + fixtures.title(ballot));
        assertThat(scrutineer
                        .postForm("/ballots/" + ballot + "/roll-checks/" + check + "/confirm", Map.of())
                        .body())
                .as("a second press changes nothing")
                .contains("no longer waiting for a check");
        assertThat(fixtures.liveCredentials(ballot, declared)).isEqualTo(1);
    }

    @Test
    void thePageShowsTheAddressTheLinkWouldGoTo_andThePracticesPhoneFromTheDirectory_toConfirmWithTheGpThemselves() {
        jdbc.sql("update practices.practice set phone = '01632 960123' where ods_code = :ods")
                .param("ods", practice)
                .update();
        Http scrutineer = data.signedIn(port, data.scrutineer());

        String page = scrutineer.get("/ballots/" + ballot + "/roll-checks").body();

        assertThat(page)
                .contains("Address the link would go to", declared.email())
                .contains("Practice telephone (from the practice directory)", "01632 960123")
                .contains("a contact you found yourself", "asked to join with this email address");
    }

    @Test
    void everyMemberWaitingShowsTheTelephoneOfTheirOwnPractice() {
        Map<Long, String> phones = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            String other = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
            String phone = "01632 96020" + i;
            jdbc.sql("update practices.practice set phone = :phone where ods_code = :ods")
                    .param("phone", phone)
                    .param("ods", other)
                    .update();
            Voter member = fixtures.member(other);
            jdbc.sql("update membership.member_role set declared_at = now() - interval '1 hour'"
                            + " where membership_number = :n")
                    .param("n", member.number())
                    .update();
            phones.put(waiting(ballot, member.number(), "WAITING", other), phone);
        }
        Http scrutineer = data.signedIn(port, data.scrutineer());

        String page = scrutineer.get("/ballots/" + ballot + "/roll-checks").body();

        phones.forEach((id, phone) -> {
            int from = page.indexOf("id=\"check-" + id + "\"");
            int next = page.indexOf("id=\"check-", from + 1);
            assertThat(page.substring(from, next < 0 ? page.length() : next))
                    .as("check " + id)
                    .contains(phone);
        });
    }

    @Test
    void aMemberTheUnionsRecordPutOnTheRoll_countsAsConfirmed_andCanBeNeitherConfirmedNorRefused() {
        jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                        values (:ballot, :member, now(), 'membership import', 'GP contractor or partner by the import')
                        """).param("ballot", ballot).param("member", declared.number()).update();
        Http scrutineer = data.signedIn(port, data.scrutineer());

        Http.Response page = scrutineer.get("/ballots/" + ballot + "/roll-checks");
        assertThat(page.body())
                .doesNotContain(declared.number())
                .contains("1 declared in all for this ballot: 1 confirmed, 0 refused, 0 waiting.")
                .contains("Nobody is waiting for a check.");

        Http.Response confirmed = decide(scrutineer, ballot, check, "confirm", Map.of());
        Http.Response refused = decide(
                scrutineer, ballot, check, "refuse", Map.of("reason", "Not on the GMC register under this number"));

        for (Http.Response response : List.of(confirmed, refused)) {
            assertThat(response.status()).isEqualTo(409);
            assertThat(response.body()).contains("already on the roll by the union", "nothing to confirm or refuse");
        }
        assertThat(logged("ROLL_CHECK_CONFIRMED")).isEmpty();
        assertThat(logged("ROLL_CHECK_REFUSED")).isEmpty();
        assertThat(state(check)).isEqualTo("WAITING");
    }

    @Test
    void aMemberWhoseMembershipLapsedSinceTheyWereHeldForTheCheck_cannotBeConfirmed_andNothingChanges() {
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        values (:n, current_date - 1, 'LAPSED')
                        """).param("n", declared.number()).update();
        jdbc.sql("update membership.member set status = 'LAPSED', status_since = current_date - 1"
                        + " where membership_number = :n")
                .param("n", declared.number())
                .update();
        Http scrutineer = data.signedIn(port, data.scrutineer());
        scrutineer.get("/ballots/" + ballot + "/roll-checks");

        Http.Response confirmed = decide(scrutineer, ballot, check, "confirm", Map.of());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(409);
        assertThat(confirmed.body())
                .contains("no longer eligible under the rules of this ballot", "Membership had lapsed on");
        assertThat(state(check)).isEqualTo("WAITING");
        assertThat(fixtures.liveCredentials(ballot, declared)).isZero();
        assertThat(logged("ROLL_CHECK_CONFIRMED")).isEmpty();
    }

    @Test
    void aMemberWhoseDeclaredRoleEndedSinceTheyWereHeldForTheCheck_cannotBeConfirmed() {
        jdbc.sql("update membership.member_role set role_to = current_date - 1 where membership_number = :n")
                .param("n", declared.number())
                .update();
        Http scrutineer = data.signedIn(port, data.scrutineer());
        scrutineer.get("/ballots/" + ballot + "/roll-checks");

        Http.Response confirmed = decide(scrutineer, ballot, check, "confirm", Map.of());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(409);
        assertThat(confirmed.body()).contains("no longer eligible under the rules of this ballot");
        assertThat(state(check)).isEqualTo("WAITING");
        assertThat(fixtures.liveCredentials(ballot, declared)).isZero();
    }

    @Test
    void aMemberNowEligibleByAnotherRoleTheyDeclared_cannotBeConfirmedOnTheCheckOfTheRoleTheyEnded() {
        // The member ended the partnership held for the check and declared one at another practice; the check was
        // not (yet) moved to the new declaration.
        String elsewhere = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        jdbc.sql("update membership.member_role set role_to = current_date - 1 where membership_number = :n")
                .param("n", declared.number())
                .update();
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods,
                            role_from, declared_at)
                        values (:n, 1, 'CONTRACTOR_PARTNER', :ods, current_date - 1, now() - interval '30 minutes')
                        """).param("n", declared.number()).param("ods", elsewhere).update();
        Http scrutineer = data.signedIn(port, data.scrutineer());

        Http.Response confirmed = decide(scrutineer, ballot, check, "confirm", Map.of());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(409);
        assertThat(confirmed.body()).contains("not the one held for this check", elsewhere);
        assertThat(state(check)).isEqualTo("WAITING");
        assertThat(fixtures.liveCredentials(ballot, declared)).isZero();
        assertThat(logged("ROLL_CHECK_CONFIRMED")).isEmpty();
    }

    @Test
    void aMemberWhoseDeclaredRoleEndedAfterTheRollCutoff_isConfirmedAsTheRollStoodAtTheCutoff() {
        long frozen = fixtures.ballot(
                Instant.now().minus(Duration.ofDays(3)),
                Instant.now().plus(Duration.ofDays(7)),
                Instant.now().minus(Duration.ofDays(2)));
        jdbc.sql("update membership.member_role set declared_at = now() - interval '4 days', role_to = current_date - 1"
                        + " where membership_number = :n")
                .param("n", declared.number())
                .update();
        long frozenCheck = waiting(frozen, declared.number(), "WAITING");
        Http scrutineer = data.signedIn(port, data.scrutineer());

        assertThat(scrutineer.get("/ballots/" + frozen + "/roll-checks").body())
                .as("listed as waiting, not as no longer eligible")
                .contains("/roll-checks/" + frozenCheck + "/confirm")
                .doesNotContain("id=\"no-longer-eligible\"");
        Http.Response confirmed = decide(scrutineer, frozen, frozenCheck, "confirm", Map.of());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(302);
        assertThat(state(frozenCheck)).isEqualTo("CONFIRMED");
        assertThat(fixtures.liveCredentials(frozen, declared)).isEqualTo(1);
    }

    @Test
    void aCheckMovedToANewDeclarationSinceThePageWasLoaded_cannotBeConfirmedOrRefusedFromThatPage() {
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String page = scrutineer.get("/ballots/" + ballot + "/roll-checks").body();
        // Meanwhile the member moved their declared partnership to another practice and the roll moved the check.
        String elsewhere = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        jdbc.sql("update membership.member_role set practice_ods = :ods, declared_at = now() - interval '10 minutes'"
                        + " where membership_number = :n")
                .param("n", declared.number())
                .param("ods", elsewhere)
                .update();
        jdbc.sql("update ballots.roll_check set practice_ods = :ods, declared_at = now() - interval '10 minutes'"
                        + " where id = :id")
                .param("id", check)
                .param("ods", elsewhere)
                .update();

        Http.Response confirmed = post(scrutineer, page, ballot, check, "confirm", Map.of());
        Http.Response refused = post(
                scrutineer,
                page,
                ballot,
                check,
                "refuse",
                Map.of("reason", "Not on the GMC register under this number"));

        for (Http.Response response : List.of(confirmed, refused)) {
            assertThat(response.status()).as(response.body()).isEqualTo(409);
            assertThat(response.body()).contains("The declaration changed", "look again");
        }
        assertThat(state(check)).isEqualTo("WAITING");
        assertThat(fixtures.liveCredentials(ballot, declared)).isZero();
        assertThat(logged("ROLL_CHECK_CONFIRMED")).isEmpty();
        assertThat(logged("ROLL_CHECK_REFUSED")).isEmpty();
    }

    @Test
    void aMemberWaitingWhoIsNoLongerEligible_isListedApartWithTheReason_notCountedAsWaiting_andCanOnlyBeRefused() {
        jdbc.sql("update membership.member_role set role_to = current_date - 1 where membership_number = :n")
                .param("n", declared.number())
                .update();
        Voter lapsed = fixtures.member(practice);
        jdbc.sql("update membership.member_role set declared_at = now() where membership_number = :n")
                .param("n", lapsed.number())
                .update();
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        values (:n, current_date - 1, 'LAPSED')
                        """).param("n", lapsed.number()).update();
        jdbc.sql("update membership.member set status = 'LAPSED', status_since = current_date - 1"
                        + " where membership_number = :n")
                .param("n", lapsed.number())
                .update();
        long lapsedCheck = waiting(ballot, lapsed.number(), "WAITING");
        Voter stillEligible = fixtures.member(practice);
        jdbc.sql("update membership.member_role set declared_at = now() where membership_number = :n")
                .param("n", stillEligible.number())
                .update();
        long stillEligibleCheck = waiting(ballot, stillEligible.number(), "WAITING");
        Http scrutineer = data.signedIn(port, data.scrutineer());

        String page = scrutineer.get("/ballots/" + ballot + "/roll-checks").body();

        assertThat(page)
                .contains("3 declared in all for this ballot: 0 confirmed, 0 refused, 1 waiting, 2 no longer eligible.")
                .contains("Membership had lapsed on")
                .contains("/roll-checks/" + stillEligibleCheck + "/confirm")
                .doesNotContain("/roll-checks/" + lapsedCheck + "/confirm");
        jdbc.sql("delete from ballots.roll_check where id in (:ids)")
                .param("ids", List.of(lapsedCheck, stillEligibleCheck))
                .update();
        page = scrutineer.get("/ballots/" + ballot + "/roll-checks").body();

        assertThat(page)
                .contains("1 declared in all for this ballot: 0 confirmed, 0 refused, 0 waiting, 1 no longer eligible.")
                .contains("id=\"no-longer-eligible\"", declared.number(), "ended on")
                .contains("Nobody is waiting for a check.")
                .contains("/roll-checks/" + check + "/refuse")
                .doesNotContain("/roll-checks/" + check + "/confirm");
        assertThat(page.indexOf("ended on"))
                .as("the reason is given under the heading of those no longer eligible")
                .isGreaterThan(page.indexOf("id=\"no-longer-eligible\""));
    }

    @Test
    void aMemberWhosePracticeClosedSinceTheyWereHeldForTheCheck_isListedApart_andThePageSaysWhyAMemberMayBeThere() {
        jdbc.sql("update practices.practice set status = 'CLOSED', closed_on = current_date - 1 where ods_code = :ods")
                .param("ods", practice)
                .update();
        Http scrutineer = data.signedIn(port, data.scrutineer());

        String page =
                scrutineer.get("/ballots/" + ballot + "/roll-checks").body().replaceAll("\\s+", " ");

        assertThat(page).contains("id=\"no-longer-eligible\"");
        assertThat(page.substring(page.indexOf("id=\"no-longer-eligible\"")))
                .contains(declared.number(), "the practice was last open on")
                .contains("their practice closed or changed contract")
                .contains("another role they declared")
                .contains("no longer in the membership record");
        assertThat(page).doesNotContain("/roll-checks/" + check + "/confirm");
    }

    @Test
    void refusingNeedsAReason_andThenSendsNoLinkAndWritesTheReasonInTheBallotLog() {
        Http scrutineer = data.signedIn(port, data.scrutineer());
        scrutineer.get("/ballots/" + ballot + "/roll-checks");

        Http.Response noReason = decide(scrutineer, ballot, check, "refuse", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("Give the reason for refusing, in 10 to 1,000 characters");
        assertThat(state(check)).isEqualTo("WAITING");

        Http.Response refused = decide(
                scrutineer, ballot, check, "refuse", Map.of("reason", "Not on the GMC register under this number"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(302);
        assertThat(state(check)).isEqualTo("REFUSED");
        assertThat(fixtures.liveCredentials(ballot, declared)).isZero();
        assertThat(logged("ROLL_CHECK_REFUSED"))
                .singleElement()
                .asString()
                .contains(declared.number(), "Not on the GMC register under this number");
    }

    @Test
    void anAdministratorCanNeitherSeeNorDecide_andAFormWithoutItsTokenIsRefused() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get("/ballots/" + ballot + "/roll-checks").status()).isEqualTo(403);
        assertThat(admin.postForm("/ballots/" + ballot + "/roll-checks/" + check + "/confirm", Map.of())
                        .status())
                .isEqualTo(403);

        Http scrutineer = data.signedIn(port, data.scrutineer());
        assertThat(scrutineer
                        .postFormExactly("/ballots/" + ballot + "/roll-checks/" + check + "/confirm", Map.of())
                        .status())
                .isEqualTo(403);

        assertThat(state(check)).isEqualTo("WAITING");
        assertThat(fixtures.liveCredentials(ballot, declared)).isZero();
    }

    @Test
    void theReportCountsTheDeclaredRolesAndHowEachWasSettledAtTheClose() {
        long closed = data.closed("Declared roles counted", List.of("Yes", "No"));
        data.roll(closed, 4, 2, 1);
        waiting(closed, fixtures.member(null).number(), "CONFIRMED");
        waiting(closed, fixtures.member(null).number(), "REFUSED");
        waiting(closed, fixtures.member(null).number(), "REFUSED");
        long stillWaiting = waiting(closed, fixtures.member(null).number(), "WAITING");
        Http scrutineer = data.signedIn(port, data.scrutineer());

        for (String page : List.of("/report", "/results")) {
            assertThat(scrutineer.get("/ballots/" + closed + page).body())
                    .as(page)
                    .contains("id=\"self-declared\">4<")
                    .contains("id=\"self-declared-confirmed\">1<")
                    .contains("id=\"self-declared-refused\">2<")
                    .contains("id=\"self-declared-waiting\">1<");
        }
        assertThat(scrutineer.get("/ballots/" + closed + "/results.csv").body())
                .contains(",self_declared,,4,", ",self_declared_waiting,,1,");
        tools.jackson.databind.JsonNode api = new Http(port)
                .get("/api/ballots/" + closed + "/results", data.scrutineerToken())
                .json();
        assertThat(api.has("selfDeclared")).as(api.toString()).isTrue();
        assertThat(api.get("selfDeclared").get("selfDeclared").asLong()).isEqualTo(4);
        assertThat(api.get("selfDeclared").get("confirmed").asLong()).isEqualTo(1);
        assertThat(api.get("selfDeclared").get("refused").asLong()).isEqualTo(2);
        assertThat(api.get("selfDeclared").get("waiting").asLong()).isEqualTo(1);

        scrutineer.get("/ballots/" + closed + "/roll-checks");
        Http.Response late = decide(scrutineer, closed, stillWaiting, "confirm", Map.of());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("Voting closed");
        assertThat(state(stillWaiting)).isEqualTo("WAITING");
    }

    /** Loads the page and presses the check's button on it, with what the page showed. */
    private Http.Response decide(
            Http scrutineer, long ballotId, long checkId, String action, Map<String, String> form) {
        String page = scrutineer.get("/ballots/" + ballotId + "/roll-checks").body();
        return post(scrutineer, page, ballotId, checkId, action, form);
    }

    /** Presses the check's button on a page loaded earlier, sending what that page showed. */
    private static Http.Response post(
            Http scrutineer, String page, long ballotId, long checkId, String action, Map<String, String> form) {
        String path = "/ballots/" + ballotId + "/roll-checks/" + checkId + "/" + action;
        Map<String, String> fields = new java.util.HashMap<>(form);
        int at = page.indexOf(path + "\"");
        int end = at < 0 ? -1 : page.indexOf("</form>", at);
        if (at >= 0 && end >= 0) {
            java.util.regex.Matcher shown = java.util.regex.Pattern.compile("name=\"declaration\" value=\"([^\"]*)\"")
                    .matcher(page.substring(at, end));
            if (shown.find()) {
                fields.put("declaration", shown.group(1));
            }
        }
        return scrutineer.postForm(path, fields);
    }

    private long waiting(long ballotId, String member, String state) {
        return waiting(ballotId, member, state, practice);
    }

    private long waiting(long ballotId, String member, String state, String practiceOds) {
        return jdbc.sql("""
                        insert into ballots.roll_check (ballot_id, membership_number, role, practice_ods, evidence,
                            declared_at, waiting_since, state)
                        values (:ballot, :member, 'CONTRACTOR_PARTNER', :practice, 'GP contractor or partner at a test'
                            || ' practice', now() - interval '1 hour', now(), :state)
                        returning id
                        """)
                .param("ballot", ballotId)
                .param("member", member)
                .param("practice", practiceOds)
                .param("state", state)
                .query(Long.class)
                .single();
    }

    private String state(long id) {
        return jdbc.sql("select state from ballots.roll_check where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    private List<String> logged(String action) {
        return jdbc.sql("select detail from ballots.ballot_log where ballot_id = :b and action = :a")
                .param("b", ballot)
                .param("a", action)
                .query(String.class)
                .list();
    }
}
