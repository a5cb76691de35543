package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Anyone who knows a member's membership and GMC numbers can ask for a link in their name at an address of their own.
 * A later request never takes the place of the member's own: the scrutineer sees every address asked for, and chooses.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementAddressesTests {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
    }

    @Test
    void aLaterAddressDoesNotReplaceTheMembersOwn_theScrutineerSeesEachWithHowOftenAndIsToldTheyDiffer() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        String own = TestMailbox.uniqueAddress("own");
        String other = TestMailbox.uniqueAddress("other");
        Http asker = new Http(port);
        ReplacementFixtures.ask(asker, member, own);
        fixtures.awaitRequestsActedOn();
        ReplacementFixtures.ask(asker, member, other);
        fixtures.awaitRequestsActedOn();
        // Past the repeat window, as if asked again minutes later.
        fixtures.forgetRequests();
        ReplacementFixtures.ask(asker, member, other);
        fixtures.awaitRequestsActedOn();

        long request = fixtures.waitingRequest(ballot, member);
        assertThat(fixtures.count(
                        "select count(*) from ballots.replacement_request where ballot_id = :ballot"
                                + " and state = 'WAITING'",
                        ballot))
                .as("still one request to decide for the member")
                .isOne();
        ResultsTestData data = new ResultsTestData(jdbc, asker);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String queue = ReplacementFixtures.wholeQueue(scrutineer).replaceAll("\\s+", " ");
        assertThat(queue).contains(own, other, "Addresses differ");
        String check = scrutineer
                .get("/ballots/replacement-requests/" + request)
                .body()
                .replaceAll("\\s+", " ");
        assertThat(check)
                .contains(own, other, "Addresses differ: check with the member by phone before sending")
                .contains("Asked for 2 times");
        assertThat(check).as("no address is chosen for the scrutineer").doesNotContain("value=\"" + other + "\"");
        assertThat(jdbc.sql("""
                        select detail from ballots.ballot_log
                        where ballot_id = :ballot and action = 'REPLACEMENT_QUEUED' order by id
                        """).param("ballot", ballot).query(String.class).list())
                .as("the log says which address each request asked for")
                .hasSize(3)
                .satisfies(details -> assertThat(details.get(0)).contains(own))
                .satisfies(details -> assertThat(details.get(1)).contains(other))
                .satisfies(details -> assertThat(details.get(2)).contains(other));
    }

    @Test
    void beyondThreeAddressesAnHourForAMemberMoreAreAnsweredTheSameAndNotListed_onlyCounted() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Http asker = new Http(port);
        List<String> addresses = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (int asked = 0; asked < 5; asked++) {
            String address = TestMailbox.uniqueAddress("address" + asked);
            addresses.add(address);
            Http.Response answer = asker.postJson(
                    "/api/ballots/replacement-requests",
                    java.util.Map.of("membershipNumber", member.number(), "gmcNumber", member.gmc(), "email", address));
            answers.add(answer.status() + " " + answer.body());
            fixtures.awaitRequestsActedOn();
        }
        Http.Response stranger = asker.postJson(
                "/api/ballots/replacement-requests",
                java.util.Map.of(
                        "membershipNumber",
                        "M0000002X",
                        "gmcNumber",
                        "7654321",
                        "email",
                        TestMailbox.uniqueAddress("stranger")));
        answers.add(stranger.status() + " " + stranger.body());

        assertThat(answers).hasSize(6).allMatch(answer -> answer.equals(answers.get(0)));
        long request = fixtures.waitingRequest(ballot, member);
        ResultsTestData data = new ResultsTestData(jdbc, asker);
        String check = data.signedIn(port, data.scrutineer())
                .get("/ballots/replacement-requests/" + request)
                .body();
        assertThat(check).contains(addresses.get(0), addresses.get(1), addresses.get(2));
        assertThat(check)
                .as("the fourth and fifth addresses were not kept")
                .doesNotContain(addresses.get(3))
                .doesNotContain(addresses.get(4));
        assertThat(check.replaceAll("\\s+", " ")).contains("2 more addresses were asked for in the member's name");
        assertThat(fixtures.count(
                        "select count(*) from ballots.ballot_log where ballot_id = :ballot"
                                + " and action = 'REPLACEMENT_QUEUED'",
                        ballot))
                .isEqualTo(3);
    }

    @Test
    void theMembersOwnAddressAskedForAfterThreeOthersIsNotLost_theScrutineerIsToldAndTheLogNamesIt() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Http asker = new Http(port);
        List<String> others = new ArrayList<>();
        for (int asked = 0; asked < 3; asked++) {
            String address = TestMailbox.uniqueAddress("someone-else" + asked);
            others.add(address);
            ReplacementFixtures.ask(asker, member, address);
            fixtures.awaitRequestsActedOn();
        }
        String own = TestMailbox.uniqueAddress("own");
        ReplacementFixtures.ask(asker, member, own);
        fixtures.awaitRequestsActedOn();

        long request = fixtures.waitingRequest(ballot, member);
        ResultsTestData data = new ResultsTestData(jdbc, asker);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String queue = ReplacementFixtures.wholeQueue(scrutineer).replaceAll("\\s+", " ");
        assertThat(queue).contains(others.get(0), "Addresses differ", "1 more not kept");
        String check = scrutineer
                .get("/ballots/replacement-requests/" + request)
                .body()
                .replaceAll("\\s+", " ");
        assertThat(check)
                .contains(others.get(0), others.get(1), others.get(2))
                .contains("1 more address was asked for in the member's name and not kept here")
                .contains("the member's own may be among them")
                .contains("Addresses differ: check with the member by phone before sending");
        assertThat(check).as("no address is chosen for the scrutineer").doesNotContain("value=\"" + own + "\"");
        assertThat(jdbc.sql("""
                        select detail from ballots.ballot_log
                        where ballot_id = :ballot and action = 'REPLACEMENT_NOT_KEPT' order by id
                        """).param("ballot", ballot).query(String.class).list())
                .as("the log names the address not kept, for the scrutineer to find once the member says it")
                .singleElement()
                .satisfies(detail -> assertThat(detail).contains(own, member.number()));
    }

    @Test
    void anAddressNotKeptAskedForAgainIsCountedAndLoggedOnce_anotherAddressNotKeptMakesTwo() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Http asker = new Http(port);
        for (int asked = 0; asked < 3; asked++) {
            ReplacementFixtures.ask(asker, member, TestMailbox.uniqueAddress("kept" + asked));
            fixtures.awaitRequestsActedOn();
        }
        String extra = TestMailbox.uniqueAddress("extra");
        for (int asked = 0; asked < 3; asked++) {
            // Past the repeat window, as if asked again minutes later.
            fixtures.forgetRequests();
            ReplacementFixtures.ask(asker, member, extra);
            fixtures.awaitRequestsActedOn();
        }
        long request = fixtures.waitingRequest(ballot, member);
        assertThat(notKept(request))
                .as("one address not kept, however often asked for")
                .isEqualTo(1);
        assertThat(notKeptLogRows(ballot)).as("one log row for it").isEqualTo(1);

        ReplacementFixtures.ask(asker, member, TestMailbox.uniqueAddress("another"));
        fixtures.awaitRequestsActedOn();
        assertThat(notKept(request)).as("a second address not kept").isEqualTo(2);
        assertThat(notKeptLogRows(ballot)).isEqualTo(2);
    }

    private int notKept(long request) {
        return jdbc.sql("select addresses_not_kept from ballots.replacement_request where id = :id")
                .param("id", request)
                .query(Integer.class)
                .single();
    }

    private long notKeptLogRows(long ballot) {
        return fixtures.count(
                "select count(*) from ballots.ballot_log where ballot_id = :ballot and action = 'REPLACEMENT_NOT_KEPT'",
                ballot);
    }
}
