package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.common.UkTime;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A trustee's private key pasted into GP Action after their public key was given to a ballot: a ballot not yet open
 * goes back to being a draft at once and says what to do; one whose votes are encrypted to the key carries on, with a
 * warning on its page, in its log and where the scrutineer certifies, naming the key and when it was seen.
 */
@GpActionTest
class ExposedKeyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    Tallying tallying;

    Http api;
    ResultsTestData data;
    VotingFixtures fixtures;
    String scrutineerEmail;
    String scrutineer;

    @BeforeEach
    void tokens() {
        api = new Http(port);
        data = new ResultsTestData(jdbc, api);
        fixtures = new VotingFixtures(jdbc);
        scrutineerEmail = data.scrutineer();
        scrutineer = data.token(scrutineerEmail, ResultsTestData.PASSWORD);
    }

    @Test
    void scheduledBallotsGivenAKeyWhosePrivateHalfIsPastedAreDraftsAgainAtOnce_sayingWhichKeyAndWhatToDo() {
        Instant opens = Instant.now().plus(Duration.ofDays(30));
        long first = fixtures.ballotWithWindow(opens, opens.plus(Duration.ofDays(7)));
        long second = fixtures.ballotWithWindow(opens, opens.plus(Duration.ofDays(7)));
        long unrelated = fixtures.ballotWithWindow(opens, opens.plus(Duration.ofDays(7)));
        String sender = TestMailbox.uniqueAddress("scrutineer");
        jdbc.sql("update ballots.ballot set sender_address = :sender where id = :id")
                .param("sender", sender)
                .param("id", first)
                .update();
        TrusteeKey careless = TrusteeKey.generate(new SecureRandom());
        String carelessKey = addTrustee(first, careless);
        addTrustee(second, careless);

        // Pasted as a share, on a ballot other than the two given it: the key is exposed whichever ballot hears it.
        Http.Response pasted =
                api.postJson("/api/ballots/" + unrelated + "/shares", TestTrustee.privateKeyFile(careless), scrutineer);
        assertThat(pasted.status()).as(pasted.body()).isEqualTo(400);

        assertThat(status(first)).isEqualTo("DRAFT");
        assertThat(status(second)).isEqualTo("DRAFT");
        assertThat(status(unrelated))
                .as("a ballot not given the key is left as it was")
                .isEqualTo("SCHEDULED");
        String seen = UkTime.onOrAt(seenAt(carelessKey));
        assertThat(log(first, "RETURNED_TO_DRAFT"))
                .singleElement()
                .asString()
                .isEqualTo("system | Returned to draft, so that it never opens with an exposed key: Careless trustee's"
                        + " key (public key " + carelessKey + ") was pasted into GP Action " + seen + " (UK time)."
                        + " Only the account that added a key can remove it (" + scrutineerEmail + " added Careless"
                        + " trustee's): signed in as that account, remove the key on the ballot's Trustees page, add"
                        + " a new one made with trustee keygen, and schedule the ballot again (if that account is"
                        + " disabled or no longer a scrutineer, an administrator can remove the key instead)");
        assertThat(log(second, "RETURNED_TO_DRAFT")).hasSize(1);
        assertThat(log(unrelated, "RETURNED_TO_DRAFT")).isEmpty();
        assertThat(TestMailbox.awaitMessageTo(sender, "Returned to draft: Race").body())
                .as("the ballot's sender address is told, with the keys, as the keys can be changed again")
                .contains("ballot " + first + " was returned to draft, as a trustee's private key was pasted into GP"
                        + " Action")
                .contains("Careless trustee's public key: " + carelessKey + " (added by " + scrutineerEmail);

        Http admin = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get("/ballots/" + first).body())
                .contains("id=\"exposed-keys\"")
                .contains("A trustee&#39;s key is exposed")
                .contains(carelessKey)
                .contains(seen)
                .contains("This ballot cannot be scheduled with it")
                .contains("Returned to draft: a trustee&#39;s key exposed");
        assertThat(admin.get("/ballots/" + first).body().replaceAll("\\s+", " "))
                .as("the page names the account that can remove the key")
                .contains("Only the account that added a key can remove it (<span>" + scrutineerEmail
                        + "</span> added <span>Careless trustee</span>'s). Signed in as that account, remove the key")
                .contains("and schedule the ballot again. If that account is disabled or no longer a scrutineer, an"
                        + " administrator can remove the key instead.");
        assertThat(admin.get("/ballots/" + unrelated).body()).doesNotContain("id=\"exposed-keys\"");

        String adminToken = data.adminToken();
        assertThat(api.postJson("/api/ballots/" + first + "/schedule", "{}", adminToken)
                        .body())
                .contains("The private key of the key given for Careless trustee was pasted")
                .contains("Only the account that added a key can remove it (" + scrutineerEmail + " added Careless"
                        + " trustee's): signed in as that account, remove the key")
                .contains("before scheduling (if that account is disabled or no longer a scrutineer, an administrator"
                        + " can remove the key instead)");
        assertThat(api.delete("/api/ballots/" + first + "/trustees/" + carelessKey, scrutineer)
                        .status())
                .isEqualTo(204);
        Http.Response again = api.postJson("/api/ballots/" + first + "/schedule", "{}", adminToken);
        assertThat(again.status())
                .as("without the exposed key it is scheduled again")
                .isEqualTo(200);
        assertThat(admin.get("/ballots/" + first).body()).doesNotContain("id=\"exposed-keys\"");
    }

    @Test
    void anOpenBallotWhoseKeyIsExposedCarriesOnWithAWarning_whichTheScrutineerSeesWhereTheyCertify() {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        TrusteeKey careless = TrusteeKey.generate(new SecureRandom());
        String carelessKey = addTrustee(ballot, careless);
        casting.cast(fixtures.credential(ballot, "EXPOSED-" + UUID.randomUUID()), 0);
        String privateKey = TestTrustee.privateKeyFile(careless);

        Http.Response pasted = api.postJson("/api/ballots/" + ballot + "/shares", privateKey, scrutineer);
        assertThat(pasted.status()).as(pasted.body()).isEqualTo(400);

        assertThat(status(ballot))
                .as("votes already cast stay; the ballot carries on")
                .isEqualTo("OPEN");
        String seen = UkTime.onOrAt(seenAt(carelessKey));
        assertThat(log(ballot, "TRUSTEE_KEY_EXPOSED"))
                .singleElement()
                .asString()
                .startsWith("system | The votes are encrypted to a key whose private half has reached GP Action:"
                        + " Careless trustee's key (public key " + carelessKey + ") was pasted into GP Action "
                        + seen)
                .contains("could decrypt any paper");
        JsonNode trustees = api.get("/api/ballots/" + ballot + "/trustees", scrutineer)
                .json()
                .get("trustees");
        assertThat(trustees.findValuesAsString("publicKey")).contains(carelessKey);
        for (JsonNode trustee : trustees) {
            boolean exposed = trustee.get("publicKey").asString().equals(carelessKey);
            assertThat(trustee.get("exposedAt").isNull())
                    .as("the API says which key is exposed: %s", trustee)
                    .isEqualTo(!exposed);
        }
        Http admin = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http scrutineerPages = data.signedIn(port, scrutineerEmail);
        for (Http pages : List.of(admin, scrutineerPages)) {
            assertThat(pages.get("/ballots/" + ballot).body())
                    .contains("id=\"exposed-keys\"")
                    .contains(carelessKey)
                    .contains(seen)
                    .contains("The votes in this ballot are encrypted to it")
                    .doesNotContain(TestTrustee.secretIn(privateKey));
        }

        fixtures.closeNow(ballot);
        tallying.tally(ballot);
        assertThat(status(ballot)).isEqualTo("CLOSED");
        assertThat(api.postJson("/api/ballots/" + ballot + "/shares", TestTrustee.share(jdbc, ballot), scrutineer)
                        .status())
                .isEqualTo(201);
        assertThat(api.postJson(
                                "/api/ballots/" + ballot + "/shares",
                                TestTrustee.share(jdbc, ballot, careless),
                                scrutineer)
                        .status())
                .isEqualTo(201);
        String certify =
                scrutineerPages.get("/ballots/" + ballot + "/certification").body();
        assertThat(certify)
                .as("where the scrutineer certifies: the key and when it was seen, never the secret")
                .contains("id=\"exposed-keys\"")
                .contains(carelessKey)
                .contains(seen)
                .contains("says so in its")
                .doesNotContain(TestTrustee.secretIn(privateKey));
        assertThat(admin.get("/ballots/" + ballot).body())
                .as("closed and not yet certified, the ballot's page still warns")
                .contains("id=\"exposed-keys\"");
        String report = admin.get("/ballots/" + ballot + "/report").body();
        assertThat(report).contains(carelessKey + "</code>: its private");
        assertThat(report.replaceAll("\\s+", " "))
                .as("the report no longer says GP Action never held a private key")
                .doesNotContain("never held a private key")
                .contains("GP Action held no private key but the one named above, pasted into it");
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id")
                        .param("id", ballot)
                        .query(String.class)
                        .list())
                .noneMatch(detail -> detail.contains(TestTrustee.secretIn(privateKey)));
    }

    @Test
    void theWarningReadsWellWithAssistiveTechnologyAndOnANarrowScreen_asADraftAndWhileOpen() {
        long open = fixtures.openBallot(Duration.ofHours(1));
        Instant opens = Instant.now().plus(Duration.ofDays(30));
        long scheduled = fixtures.ballotWithWindow(opens, opens.plus(Duration.ofDays(7)));
        TrusteeKey careless = TrusteeKey.generate(new SecureRandom());
        addTrustee(open, careless);
        addTrustee(scheduled, careless);
        assertThat(api.postJson("/api/ballots/" + open + "/shares", TestTrustee.privateKeyFile(careless), scrutineer)
                        .status())
                .isEqualTo(400);
        assertThat(status(scheduled)).isEqualTo("DRAFT");

        try (BrowserContext staff = Browser.newContext()) {
            Page page = staff.newPage();
            Browser.signIn(page, "http://localhost:" + port + "/sign-in", scrutineerEmail, ResultsTestData.PASSWORD);
            for (long ballot : new long[] {open, scheduled}) {
                page.navigate("http://localhost:" + port + "/ballots/" + ballot);
                assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Important"))
                                .textContent())
                        .contains("A trustee's key is exposed");
                Browser.assertAccessible(page);
            }
        }
    }

    /** Adds the key as the test's scrutineer would, who may then remove it. */
    private String addTrustee(long ballot, TrusteeKey key) {
        return TestTrustee.addKey(jdbc, ballot, "Careless trustee", scrutineerEmail, key, Duration.ofSeconds(1));
    }

    private String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
    }

    private Instant seenAt(String publicKey) {
        return jdbc.sql("select seen_at from ballots.exposed_trustee_key where public_key = :key")
                .param("key", publicKey)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
    }

    private List<String> log(long ballot, String action) {
        return jdbc.sql("""
                        select actor || ' | ' || detail from ballots.ballot_log
                        where ballot_id = :ballot and action = :action order by id
                        """)
                .param("ballot", ballot)
                .param("action", action)
                .query(String.class)
                .list();
    }
}
