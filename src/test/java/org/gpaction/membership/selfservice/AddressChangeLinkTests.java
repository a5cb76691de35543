package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sign-in link to a member's details went to the address they had when it was made: once their address changes,
 * whoever reads the old mailbox (a colleague's, say, which is why it was corrected) can no longer sign in as them.
 */
@GpActionTest
class AddressChangeLinkTests {

    private static final String HEADER =
            "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,joined_on,role,"
                    + "practice_ods,role_from,role_to\n";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MembershipProperties properties;

    private SelfServiceMembers members() {
        return new SelfServiceMembers(jdbc, port);
    }

    @Test
    void aLinkSentToAnAddressTheImportReplacedNoLongerSignsIn_butOneSentToTheNewAddressDoes() {
        String number = members().member();
        String sentBefore = members().signInLink(number);
        String gmc = jdbc.sql("select gmc_number from membership.member where membership_number = :n")
                .param("n", number)
                .query(String.class)
                .single();

        Http.Response imported = importCsv(HEADER + number + "," + gmc + ",Given,Roles,corrected."
                + number.toLowerCase() + "@example.org,ACTIVE,2015-01-01,2015-01-01,,,,\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("updated").asInt()).isOne();

        Http old = new Http(port);
        assertThat(old.get("/my-details/sign-in/" + sentBefore).status()).isEqualTo(404);
        Http.Response refused = signIn(old, sentBefore);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("This link cannot be used");
        assertThat(old.get("/my-details/edit").status()).as("not signed in").isEqualTo(302);
        assertThat(members().signedIn(number).get("/my-details/edit").body())
                .contains("corrected." + number.toLowerCase() + "@example.org");
    }

    @Test
    void aLinkSentToTheAddressTheMemberChangedAwayFromNoLongerSignsIn() {
        String number = members().member();
        Http member = members().signedIn(number);
        String sentBefore = members().signInLink(number);
        member.get("/my-details/edit");
        String moved = TestMailbox.uniqueAddress("moved");

        assertThat(member.postForm("/my-details/email", Map.of("email", moved)).status())
                .isEqualTo(302);
        assertThat(SelfServiceMembers.open(member, members().confirmationLink(number, moved))
                        .status())
                .isEqualTo(200);

        Http.Response refused = signIn(new Http(port), sentBefore);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("This link cannot be used");
    }

    @Test
    void aChangeOfNameLeavesALinkToTheSameAddressWorking() {
        String number = members().member();
        String sentBefore = members().signInLink(number);
        String gmc = jdbc.sql("select gmc_number from membership.member where membership_number = :n")
                .param("n", number)
                .query(String.class)
                .single();

        Http.Response imported = importCsv(HEADER + number + "," + gmc + ",Renamed,Roles,"
                + members().email(number) + ",ACTIVE,2015-01-01,2015-01-01,,,,\n");
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isOne();

        assertThat(signIn(new Http(port), sentBefore).status()).isEqualTo(302);
    }

    @Test
    void aMemberSignedInWhenAnImportReplacesTheirAddressIsSignedOutAndCanChangeNothing() {
        String number = members().member();
        Http old = members().signedIn(number);
        assertThat(old.get("/my-details/edit").status()).isEqualTo(200);
        String corrected = "corrected." + number.toLowerCase() + "@example.org";

        Http.Response imported = importCsv(HEADER + number + "," + gmc(number) + ",Given,Roles," + corrected
                + ",ACTIVE,2015-01-01,2015-01-01,,,,\n");
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isOne();

        Http.Response page = old.get("/my-details/edit");
        assertThat(page.status()).as("signed out").isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/my-details");
        old.get("/my-details");
        Http.Response change =
                old.postForm("/my-details/email", Map.of("email", "taken." + number.toLowerCase() + "@example.org"));
        assertThat(change.status()).isEqualTo(302);
        assertThat(change.header("Location")).endsWith("/my-details");
        assertThat(members().email(number)).isEqualTo(corrected);
        assertThat(members().signedIn(number).get("/my-details/edit").body()).contains(corrected);
    }

    @Test
    void aMemberChangingTheirAddressStaysSignedInWhileTheirOtherSessionsAreSignedOut() {
        String number = members().member();
        Http changing = members().signedIn(number);
        Http other = members().signedIn(number);
        assertThat(other.get("/my-details/edit").status()).isEqualTo(200);
        String moved = TestMailbox.uniqueAddress("moved");

        changing.get("/my-details/edit");
        assertThat(changing.postForm("/my-details/email", Map.of("email", moved))
                        .status())
                .isEqualTo(302);
        String link = members().confirmationLink(number, moved);
        assertThat(other.get("/my-details/edit").status())
                .as("still signed in while the change waits for its link")
                .isEqualTo(200);
        assertThat(SelfServiceMembers.open(changing, link).body()).contains("Your email address is now");

        Http.Response changed = changing.get("/my-details/edit");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).contains(moved);
        assertThat(other.get("/my-details/edit").status())
                .as("signed in through the old address")
                .isEqualTo(302);
    }

    @Test
    void aNewAddressTakesEffectOnlyOnceTheLinkSentToItIsOpened_andTheLinkWorksOnce() {
        String number = members().member();
        String before = members().email(number);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String typed = TestMailbox.uniqueAddress("typo");

        assertThat(member.postForm("/my-details/email", Map.of("email", typed)).status())
                .isEqualTo(302);
        Http.Response waiting = member.get("/my-details/edit");
        assertThat(waiting.body())
                .contains("We have sent a link to " + typed)
                .contains("until then it stays as it is")
                .contains(">" + before + "<");
        assertThat(members().email(number)).as("nothing changed yet").isEqualTo(before);
        assertThat(changeNoticesTo(before))
                .as("the old address is told only once it changes")
                .isZero();
        assertThat(members().signedIn(number).get("/my-details/edit").status())
                .as("a sign-in link to the old address still works")
                .isEqualTo(200);

        String link = members().confirmationLink(number, typed);
        Http phone = new Http(port);
        phone.get("/my-details");
        assertThat(phone.get(link).body())
                .contains("Confirm your new email address")
                .contains(typed);
        assertThat(members().email(number))
                .as("opening the page changes nothing")
                .isEqualTo(before);
        Http.Response confirmed = phone.postForm(link, Map.of());
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Your email address is now").contains(typed);
        assertThat(members().email(number)).isEqualTo(typed);
        assertThat(changeNoticesTo(before)).isOne();

        Http.Response again = SelfServiceMembers.open(new Http(port), link);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).contains("This link cannot be used");
    }

    @Test
    void aLinkForAChangeThatAnotherOvertookCannotBeUsed() {
        String number = members().member();
        String before = members().email(number);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String first = TestMailbox.uniqueAddress("first");
        String second = TestMailbox.uniqueAddress("second");

        member.postForm("/my-details/email", Map.of("email", first));
        String firstLink = members().confirmationLink(number, first);
        member.get("/my-details/edit");
        member.postForm("/my-details/email", Map.of("email", second));
        String secondLink = members().confirmationLink(number, second);

        Http.Response overtaken = SelfServiceMembers.open(new Http(port), firstLink);
        assertThat(overtaken.status()).isEqualTo(404);
        assertThat(overtaken.body()).contains("This link cannot be used");
        assertThat(members().email(number)).isEqualTo(before);
        assertThat(SelfServiceMembers.open(new Http(port), secondLink).status()).isEqualTo(200);
        assertThat(members().email(number)).isEqualTo(second);
    }

    @Test
    void typingTheCurrentAddressWithdrawsAChangeWaitingForConfirmation_andItsLinkCannotBeUsed() {
        String number = members().member();
        String before = members().email(number);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String typed = TestMailbox.uniqueAddress("mistyped");
        member.postForm("/my-details/email", Map.of("email", typed));
        String link = members().confirmationLink(number, typed);

        member.get("/my-details/edit");
        Http.Response kept = member.postForm("/my-details/email", Map.of("email", before.toUpperCase()));
        assertThat(kept.status()).isEqualTo(302);
        assertThat(member.get("/my-details/edit").body().replaceAll("\\s+", " "))
                .contains("Your email address is " + before + " already. The change to " + typed
                        + " you asked for is withdrawn, and the link sent to confirm it no longer works.");

        Http.Response refused = SelfServiceMembers.open(new Http(port), link);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("This link cannot be used");
        assertThat(members().email(number)).isEqualTo(before);
        // The member's audit trail showed a change asked for and never made, with no reason.
        List<String> changes = List.of(
                "Asked to change their email address, to take effect once confirmed from the new address",
                "Withdrew the change of email address waiting to be confirmed, by giving their current address: its"
                        + " link no longer works");
        assertThat(selfServiceAudit(number)).isEqualTo(changes);

        member.get("/my-details/edit");
        member.postForm("/my-details/email", Map.of("email", before));
        assertThat(member.get("/my-details/edit").body().replaceAll("\\s+", " "))
                .as("nothing waiting: nothing said withdrawn")
                .contains("Your email address is " + before + " already<");
        assertThat(selfServiceAudit(number))
                .as("nothing waiting: nothing withdrawn")
                .isEqualTo(changes);
    }

    /** What the member's audit log says they did to their own details, oldest first. */
    private List<String> selfServiceAudit(String number) {
        return jdbc.sql("""
                        select detail from membership.audit_log
                        where membership_number = :n and action = 'SELF_SERVICE' order by id
                        """).param("n", number).query(String.class).list();
    }

    @Test
    void aLinkOpenedAfterAnImportChangedTheAddressCannotBeUsed() {
        String number = members().member();
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String typed = TestMailbox.uniqueAddress("typed");
        member.postForm("/my-details/email", Map.of("email", typed));
        String link = members().confirmationLink(number, typed);
        String corrected = "corrected." + number.toLowerCase() + "@example.org";

        Http.Response imported = importCsv(HEADER + number + "," + gmc(number) + ",Given,Roles," + corrected
                + ",ACTIVE,2015-01-01,2015-01-01,,,,\n");
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isOne();

        Http.Response refused = SelfServiceMembers.open(new Http(port), link);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("This link cannot be used");
        assertThat(members().email(number)).isEqualTo(corrected);
    }

    @Test
    void aLinkOpenedWhileAnImportIsChangingTheAddressCannotBeUsedOnceTheImportCommits() throws Exception {
        String number = members().member();
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String typed = TestMailbox.uniqueAddress("during");
        member.postForm("/my-details/email", Map.of("email", typed));
        String link = members().confirmationLink(number, typed);
        String corrected = "corrected." + number.toLowerCase() + "@example.org";
        Http phone = new Http(port);
        phone.get("/my-details");
        assertThat(phone.get(link).body()).contains("Confirm your new email address");

        ExecutorService thread = Executors.newSingleThreadExecutor();
        Http.Response opened;
        try (Connection importing = dataSource.getConnection()) {
            // An import holds the roll from its checks until it commits, and has changed the member's address.
            importing.setAutoCommit(false);
            try (PreparedStatement roll =
                    importing.prepareStatement("select pg_advisory_xact_lock(hashtext('membership.roll'))")) {
                roll.execute();
            }
            try (PreparedStatement change = importing.prepareStatement(
                    "update membership.member set email = ?, updated_at = now() where membership_number = ?")) {
                change.setString(1, corrected);
                change.setString(2, number);
                assertThat(change.executeUpdate()).isOne();
            }
            Future<Http.Response> opening = thread.submit(() -> phone.postForm(link, Map.of()));
            // It waits at most the roll wait once at the lock: seen waiting by then, or answered and failing fast.
            await("the link's opening waiting on the import")
                    .atMost(seenWithin())
                    .failFast("the link's opening was answered while the import held the roll", opening::isDone)
                    .until(() ->
                            LockWaits.waiting(jdbc, "select pg_advisory_xact_lock(hashtext('membership.roll'))") == 1);
            importing.commit();
            opened = opening.get(seenWithin().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            thread.shutdownNow();
        }

        assertThat(opened.status()).as(opened.body()).isEqualTo(404);
        assertThat(opened.body()).contains("This link cannot be used");
        assertThat(members().email(number)).as("the imported address stands").isEqualTo(corrected);
        assertThat(changeNoticesTo(corrected)).isZero();
    }

    @Test
    void aChangeOfNameByImportLeavesTheMemberSignedIn() {
        String number = members().member();
        Http member = members().signedIn(number);

        Http.Response imported = importCsv(HEADER + number + "," + gmc(number) + ",Renamed,Roles,"
                + members().email(number) + ",ACTIVE,2015-01-01,2015-01-01,,,,\n");
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isOne();

        Http.Response page = member.get("/my-details/edit");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Renamed");
    }

    private long changeNoticesTo(String address) {
        return jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :to and category = 'details-email-changed'
                        """).param("to", address).query(Long.class).single();
    }

    private String gmc(String number) {
        return jdbc.sql("select gmc_number from membership.member where membership_number = :n")
                .param("n", number)
                .query(String.class)
                .single();
    }

    /** Opens the start page, as a browser that was sent a link has a session and its form token, and signs in. */
    private static Http.Response signIn(Http browser, String token) {
        browser.get("/my-details");
        return browser.postForm("/my-details/sign-in/" + token, Map.of());
    }

    private Http.Response importCsv(String csv) {
        String token = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://localhost:" + port + "/api/members/imports?fileName=members.csv"))
                                    .header("Content-Type", "text/csv")
                                    .header("Authorization", "Bearer " + token)
                                    .POST(HttpRequest.BodyPublishers.ofString(csv))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), Map.of(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How long to look for a request waiting for the roll, or for its answer: the roll wait, plus 10 seconds, as the
     * roll wait starts when the request reaches the lock, not when it is sent, and on a slow shared machine getting
     * there may take seconds.
     */
    private Duration seenWithin() {
        return properties.rollWait().plusSeconds(10);
    }
}
