package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.TrusteeKey;
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
 * The scrutineer's key cannot be swapped through the app unnoticed: only the account that added a key removes it (or an
 * administrator once that account is disabled or no longer a scrutineer, told like any other removal), and every
 * change to a ballot's keys, its scheduling, unscheduling and deletion, is emailed to the ballot's sender address with
 * the keys and the joint key in the form trustee keygen printed them (its opening: {@code clock.OpeningNoticeTests}).
 */
@GpActionTest
class KeyChangeNoticeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http api;
    ResultsTestData data;
    String admin;

    @BeforeEach
    void tokens() {
        api = new Http(port);
        data = new ResultsTestData(jdbc, api);
        admin = data.adminToken();
    }

    @Test
    void aSecondScrutineerCannotRemoveTheFirstsKey_throughTheApiOrThePage_andNothingChangesOrIsEmailed() {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String first = data.scrutineer();
        assertThat(TestTrustee.addThroughApi(api, data.token(first, ResultsTestData.PASSWORD), id))
                .isEqualTo(201);
        String second = data.scrutineer();
        String etag = api.get("/api/ballots/" + id, admin).header("etag");
        String keyPath = "/api/ballots/" + id + "/trustees/" + TestTrustee.publicKey();

        Http.Response throughTheApi = api.delete(keyPath, data.token(second, ResultsTestData.PASSWORD));

        assertThat(throughTheApi.status()).as(throughTheApi.body()).isEqualTo(403);
        assertThat(throughTheApi.json().get("detail").asString())
                .isEqualTo("Only " + first + ", who added this key, can remove it: a key is removed only by the"
                        + " account that added it, so that nobody can put a key of their own in its place. The key"
                        + " was not removed");
        Http pages = data.signedIn(port, second);
        Http.Response onThePage = pages.postForm(
                "/ballots/" + id + "/trustees/remove",
                Map.of(
                        "publicKey",
                        TestTrustee.publicKey(),
                        "version",
                        DraftChangesTests.version(pages.get("/ballots/" + id + "/trustees"))));
        assertThat(onThePage.status()).as(onThePage.body()).isEqualTo(403);
        assertThat(onThePage.body())
                .contains("That key cannot be removed")
                .contains("Only " + first + ", who added this key, can remove it");
        assertThat(pages.get("/ballots/" + id + "/trustees").body())
                .as("the page offers another scrutineer no Remove button, and says who can")
                .doesNotContain("/trustees/remove")
                .contains("Only " + first + " can remove it");
        assertThat(pages.get("/ballots/" + id + "/trustees").body().replaceAll("\\s+", " "))
                .as("the page names the address the emails go to, for the scrutineer to check they read it")
                .contains("is emailed to the ballot's sender address, <span>" + sender + "</span>")
                .contains("Scrutineer: check that this is an address you read");
        assertNotRemoved(id, etag, sender);

        assertThat(api.delete(keyPath, data.token(first, ResultsTestData.PASSWORD))
                        .status())
                .as("the account that added it removes it")
                .isEqualTo(204);
        TestMailbox.awaitMessageTo(sender, "A trustee's key was removed: Keys watched");
        List<String> expected =
                List.of("A trustee's key was added: Keys watched", "A trustee's key was removed: Keys watched");
        assertThat(outboxTo(sender)).containsExactlyElementsOf(expected);
        assertThat(TestMailbox.messagesTo(sender).stream().map(TestMailbox.Message::subject))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void anAdministratorRemovesTheKeyOfAnAccountSinceDisabled_emailedAndLogged_andNobodyElseTheKeyOfAnother() {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String first = data.scrutineer();
        assertThat(TestTrustee.addThroughApi(api, data.token(first, ResultsTestData.PASSWORD), id))
                .isEqualTo(201);
        String second = data.scrutineer();
        String secondToken = data.token(second, ResultsTestData.PASSWORD);
        String keyPath = "/api/ballots/" + id + "/trustees/" + TestTrustee.publicKey();
        String etag = api.get("/api/ballots/" + id, admin).header("etag");

        Http.Response whileEnabled = api.delete(keyPath, admin);

        assertThat(whileEnabled.status()).as(whileEnabled.body()).isEqualTo(403);
        assertThat(whileEnabled.json().get("detail").asString())
                .isEqualTo("Only " + first + ", who added this key, can remove it while that account is enabled and a"
                        + " scrutineer: ask them to remove it, or disable that account. An administrator can remove a"
                        + " key only once the account that added it is disabled or no longer a scrutineer, so that"
                        + " nobody can put a key of their own in its place. The key was not removed");

        disable(first);
        Http.Response byAnotherScrutineer = api.delete(keyPath, secondToken);

        assertThat(byAnotherScrutineer.status()).as(byAnotherScrutineer.body()).isEqualTo(403);
        assertThat(byAnotherScrutineer.json().get("detail").asString())
                .isEqualTo("The account that added this key, " + first + ", is disabled or no longer a scrutineer,"
                        + " so only an administrator can remove it. The key was not removed");
        assertNotRemoved(id, etag, sender);

        Http.Response byAnAdministrator = api.delete(keyPath, admin);

        assertThat(byAnAdministrator.status()).as(byAnAdministrator.body()).isEqualTo(204);
        assertThat(api.get("/api/ballots/" + id + "/trustees", admin).json().get("trustees"))
                .isEmpty();
        assertThat(log(id, "TRUSTEE_KEY_REMOVED"))
                .containsExactly("Public key of " + TestTrustee.NAME + " removed by an administrator, as the account"
                        + " that added it, " + first + ", is disabled or no longer a scrutineer: "
                        + TestTrustee.publicKey());
        TestMailbox.Message told = TestMailbox.awaitMessageTo(sender, "A trustee's key was removed: Keys watched");
        assertThat(told.body())
                .contains(TestAdmin.EMAIL + " removed the public key of " + TestTrustee.NAME
                        + ", " + TestTrustee.publicKey() + ", which " + first + " added: that account is disabled or"
                        + " no longer a scrutineer, so only an administrator could remove it")
                .contains("The ballot has no trustee's key now")
                .contains("(only the account that added a key can remove it, or an administrator once that account is"
                        + " disabled or no longer a scrutineer)");
        assertThat(outboxTo(sender))
                .containsExactly(
                        "A trustee's key was added: Keys watched", "A trustee's key was removed: Keys watched");
    }

    @Test
    void theTrusteesPageOffersAnAdministratorRemoveOnlyForAKeyWhoseAccountIsDisabledOrNoLongerAScrutineer() {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String first = data.scrutineer();
        assertThat(TestTrustee.addThroughApi(api, data.token(first, ResultsTestData.PASSWORD), id))
                .isEqualTo(201);
        String second = data.scrutineer();
        TrusteeKey other = TrusteeKey.generate(new SecureRandom());
        String otherKey = RecordJson.point(other.publicKey().key());
        Http.Response secondKey = api.postJson(
                "/api/ballots/" + id + "/trustees",
                "{\"name\":\"Second trustee\",\"key\":" + TestTrustee.publicKeyFile(other) + "}",
                data.token(second, ResultsTestData.PASSWORD));
        assertThat(secondKey.status()).as(secondKey.body()).isEqualTo(201);
        Http administrator = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = administrator.get("/ballots/" + id + "/trustees");
        assertThat(page.body())
                .as("both accounts are enabled: no Remove button for the administrator")
                .doesNotContain("/trustees/remove")
                .contains("Only " + first + " can remove it")
                .contains("Only " + second + " can remove it");
        String version = api.get("/api/ballots/" + id, admin).header("etag").replace("\"", "");
        Http.Response refused = administrator.postForm(
                "/ballots/" + id + "/trustees/remove",
                Map.of("publicKey", TestTrustee.publicKey(), "version", version));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body())
                .contains("That key cannot be removed")
                .contains("Only " + first + ", who added this key, can remove it while that account is enabled and a"
                        + " scrutineer: ask them to remove it, or disable that account");

        disable(first);
        page = administrator.get("/ballots/" + id + "/trustees");

        assertThat(page.body().split("/trustees/remove", -1))
                .as("one Remove button, for the disabled account's key")
                .hasSize(2);
        assertThat(page.body())
                .contains("value=\"" + TestTrustee.publicKey() + "\"")
                .contains("Only " + second + " can remove it");
        assertThat(data.signedIn(port, second)
                        .get("/ballots/" + id + "/trustees")
                        .body()
                        .replaceAll("\\s+", " "))
                .as("a scrutineer is told who can remove it now")
                .contains("The account that added it is disabled or no longer a scrutineer: only an administrator can"
                        + " remove it");
        Http.Response removed = administrator.postForm(
                "/ballots/" + id + "/trustees/remove",
                Map.of("publicKey", TestTrustee.publicKey(), "version", DraftChangesTests.version(page)));
        assertThat(removed.status()).as(removed.body()).isEqualTo(302);
        assertThat(api.get("/api/ballots/" + id + "/trustees", admin)
                        .json()
                        .get("trustees")
                        .get(0)
                        .get("publicKey")
                        .asString())
                .isEqualTo(otherKey);
        assertThat(log(id, "TRUSTEE_KEY_REMOVED")).hasSize(1);
        assertThat(outboxTo(sender)).containsOnlyOnce("A trustee's key was removed: Keys watched");

        noLongerAScrutineer(second);
        page = administrator.get("/ballots/" + id + "/trustees");

        assertThat(page.body().split("/trustees/remove", -1))
                .as("a Remove button for the key of an account enabled but no longer a scrutineer's")
                .hasSize(2);
        assertThat(page.body()).contains("value=\"" + otherKey + "\"");
    }

    @Test
    void anAdministratorMadeAScrutineerWhileSignedIn_isOfferedNoRemoveButton_andRefusedOnThePage_atTheirNextRequest() {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String first = data.scrutineer();
        assertThat(TestTrustee.addThroughApi(api, data.token(first, ResultsTestData.PASSWORD), id))
                .isEqualTo(201);
        disable(first);
        String demoted = data.staff("ADMIN", List.of());
        Http pages = data.signedIn(port, demoted);
        assertThat(pages.get("/ballots/" + id + "/trustees").body())
                .as("an administrator is offered Remove for the key of an account since disabled")
                .contains("/trustees/remove");

        changeRole(demoted, Map.of("role", "SCRUTINEER", "practices", List.of()));
        Http.Response page = pages.get("/ballots/" + id + "/trustees");

        assertThat(page.body())
                .as("the same session, a scrutineer's now, is offered no Remove button and told who can")
                .doesNotContain("/trustees/remove")
                .contains("only an administrator can");
        Http.Response refused = pages.postForm(
                "/ballots/" + id + "/trustees/remove",
                Map.of("publicKey", TestTrustee.publicKey(), "version", DraftChangesTests.version(page)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body())
                .contains("That key cannot be removed")
                .contains("The account that added this key, " + first + ", is disabled or no longer a scrutineer, so"
                        + " only an administrator can remove it");
        assertThat(api.get("/api/ballots/" + id + "/trustees", admin).json().get("trustees"))
                .as("the key stays")
                .hasSize(1);
        assertThat(log(id, "TRUSTEE_KEY_REMOVED")).isEmpty();
    }

    @Test
    void anAdministratorRemovesTheKeyOfAnAccountNoLongerAScrutineer_whichCannotItself_andNoOtherScrutineerCan() {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String first = data.scrutineer();
        assertThat(TestTrustee.addThroughApi(api, data.token(first, ResultsTestData.PASSWORD), id))
                .isEqualTo(201);
        String keyPath = "/api/ballots/" + id + "/trustees/" + TestTrustee.publicKey();

        noLongerAScrutineer(first);

        assertThat(api.delete(keyPath, data.token(first, ResultsTestData.PASSWORD))
                        .status())
                .as("an LMC officer now, the account that added the key is refused by its role")
                .isEqualTo(403);
        Http.Response byAnotherScrutineer = api.delete(keyPath, data.scrutineerToken());
        assertThat(byAnotherScrutineer.status()).as(byAnotherScrutineer.body()).isEqualTo(403);
        assertThat(byAnotherScrutineer.json().get("detail").asString())
                .isEqualTo("The account that added this key, " + first + ", is disabled or no longer a scrutineer,"
                        + " so only an administrator can remove it. The key was not removed");
        assertThat(log(id, "TRUSTEE_KEY_REMOVED")).isEmpty();

        Http.Response byAnAdministrator = api.delete(keyPath, admin);

        assertThat(byAnAdministrator.status()).as(byAnAdministrator.body()).isEqualTo(204);
        assertThat(api.get("/api/ballots/" + id + "/trustees", admin).json().get("trustees"))
                .isEmpty();
        assertThat(log(id, "TRUSTEE_KEY_REMOVED"))
                .containsExactly("Public key of " + TestTrustee.NAME + " removed by an administrator, as the account"
                        + " that added it, " + first + ", is disabled or no longer a scrutineer: "
                        + TestTrustee.publicKey());
        assertThat(TestMailbox.awaitMessageTo(sender, "A trustee's key was removed: Keys watched")
                        .body())
                .contains(TestAdmin.EMAIL + " removed the public key of " + TestTrustee.NAME + ", "
                        + TestTrustee.publicKey() + ", which " + first + " added: that account is disabled or no"
                        + " longer a scrutineer, so only an administrator could remove it");
    }

    @Test
    void aScrutineerMadeAnAdministratorStillRemovesTheKeyTheyAdded_asAnyAdministratorThenCould_emailedAsTheirs() {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String first = data.scrutineer();
        assertThat(TestTrustee.addThroughApi(api, data.token(first, ResultsTestData.PASSWORD), id))
                .isEqualTo(201);
        changeRole(first, Map.of("role", "ADMIN", "practices", List.of()));

        Http.Response removed = api.delete(
                "/api/ballots/" + id + "/trustees/" + TestTrustee.publicKey(),
                data.token(first, ResultsTestData.PASSWORD));

        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(log(id, "TRUSTEE_KEY_REMOVED"))
                .as("logged as the removal of one's own key")
                .containsExactly("Public key of " + TestTrustee.NAME + " removed: " + TestTrustee.publicKey());
        assertThat(TestMailbox.awaitMessageTo(sender, "A trustee's key was removed: Keys watched")
                        .body())
                .contains(first + " removed the public key of " + TestTrustee.NAME + ", " + TestTrustee.publicKey()
                        + ".\n");
    }

    @Test
    void aDraftDeletedWithItsKeysIsEmailedToTheSenderAddress_namingTheKeys() {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String scrutineer = data.scrutineer();
        assertThat(TestTrustee.addThroughApi(api, data.token(scrutineer, ResultsTestData.PASSWORD), id))
                .isEqualTo(201);

        Http.Response deleted = api.delete("/api/ballots/" + id, admin);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        TestMailbox.Message told = TestMailbox.awaitMessageTo(sender, "Deleted: Keys watched");
        assertThat(told.body())
                .contains("the draft \"Keys watched\" (ballot " + id + ") was deleted by " + TestAdmin.EMAIL
                        + ", with the keys below")
                .contains("Joint key: " + TestTrustee.publicKey())
                .contains(TestTrustee.NAME + "'s public key: " + TestTrustee.publicKey() + " (added by " + scrutineer);
    }

    @Test
    void everyChangeToTheKeysAndTheSchedulingIsEmailedToTheSenderAddress_namingTheKeysAndTheJointKey()
            throws Exception {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        long id = draft(sender);
        String first = data.scrutineer();
        String firstToken = data.token(first, ResultsTestData.PASSWORD);
        String second = data.scrutineer();
        TrusteeKey other = TrusteeKey.generate(new SecureRandom());
        String otherKey = RecordJson.point(other.publicKey().key());
        String both = RecordJson.jointKey(List.of(TestTrustee.publicKey(), otherKey));

        assertThat(TestTrustee.addThroughApi(api, firstToken, id)).isEqualTo(201);
        TestMailbox.Message added = TestMailbox.awaitMessageTo(sender, "A trustee's key was added: Keys watched");
        assertThat(added.body())
                .contains(first + " added the public key of " + TestTrustee.NAME)
                .contains("Joint key: " + TestTrustee.publicKey())
                .contains(TestTrustee.NAME + "'s public key: " + TestTrustee.publicKey() + " (added by " + first)
                .contains("trustee keygen printed as \"Public key:\"");

        Http.Response secondKey = api.postJson(
                "/api/ballots/" + id + "/trustees",
                "{\"name\":\"Second trustee\",\"key\":" + TestTrustee.publicKeyFile(other) + "}",
                data.token(second, ResultsTestData.PASSWORD));
        assertThat(secondKey.status()).as(secondKey.body()).isEqualTo(201);
        TestMailbox.awaitMessagesTo(sender, 2);
        assertThat(bodyOf(sender, second + " added the public key of Second trustee"))
                .contains("Joint key: " + both)
                .contains("Second trustee's public key: " + otherKey + " (added by " + second);

        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", admin).status())
                .isEqualTo(200);
        TestMailbox.Message scheduled = TestMailbox.awaitMessageTo(sender, "Scheduled: Keys watched");
        assertThat(scheduled.body())
                .contains(" was scheduled by " + TestAdmin.EMAIL)
                .contains("Joint key: " + both);

        assertThat(api.postJson("/api/ballots/" + id + "/unschedule", "{}", admin)
                        .status())
                .isEqualTo(200);
        TestMailbox.Message unscheduled = TestMailbox.awaitMessageTo(sender, "Unscheduled: Keys watched");
        assertThat(unscheduled.body())
                .contains(" was unscheduled by " + TestAdmin.EMAIL)
                .contains("its trustees' keys can be changed again")
                .contains("Joint key: " + both);

        assertThat(api.delete("/api/ballots/" + id + "/trustees/" + TestTrustee.publicKey(), firstToken)
                        .status())
                .isEqualTo(204);
        TestMailbox.Message removed = TestMailbox.awaitMessageTo(sender, "A trustee's key was removed: Keys watched");
        assertThat(removed.body())
                .contains(first + " removed the public key of " + TestTrustee.NAME + ", " + TestTrustee.publicKey())
                .contains("Joint key: " + otherKey)
                .doesNotContain("Test trustee's public key");

        String elsewhere = TestMailbox.uniqueAddress("elsewhere");
        Map<String, Object> moved = settings(elsewhere);
        assertThat(api.putJson("/api/ballots/" + id, moved, admin).status()).isEqualTo(200);
        TestMailbox.Message away = TestMailbox.awaitMessageTo(sender, "Sender address changed: Keys watched");
        assertThat(away.body())
                .as("the address the notices went to is told where they go now")
                .contains(TestAdmin.EMAIL + " changed the ballot's sender address from " + sender + " to " + elsewhere)
                .contains("Joint key: " + otherKey);
    }

    /** A refused removal changes nothing: the one key stays, the draft's version too, and nothing is logged or emailed. */
    private void assertNotRemoved(long id, String etag, String sender) {
        assertThat(api.get("/api/ballots/" + id + "/trustees", admin).json().get("trustees"))
                .as("the key stays")
                .hasSize(1);
        assertThat(api.get("/api/ballots/" + id, admin).header("etag"))
                .as("the draft's version is unchanged")
                .isEqualTo(etag);
        assertThat(log(id, "TRUSTEE_KEY_REMOVED")).isEmpty();
        assertThat(outboxTo(sender))
                .as("a refused removal is not emailed")
                .containsExactly("A trustee's key was added: Keys watched");
    }

    private void disable(String email) {
        Http.Response disabled = api.postJson("/api/staff/" + staffId(email) + "/disable", Map.of(), admin);
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    }

    /** Makes the account an LMC officer's: still enabled, but a scrutineer no longer. */
    private void noLongerAScrutineer(String email) {
        changeRole(email, Map.of("role", "LMC_OFFICER", "practices", List.of(), "lmc", TestPractices.addLmc(jdbc)));
    }

    private void changeRole(String email, Map<String, Object> scope) {
        Http.Response changed = api.putJson("/api/staff/" + staffId(email), scope, admin);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    private long staffId(String email) {
        return jdbc.sql("select id from accounts.staff where email = :email")
                .param("email", email)
                .query(Long.class)
                .single();
    }

    private String bodyOf(String to, String containing) {
        return TestMailbox.messagesTo(to).stream()
                .map(TestMailbox.Message::body)
                .filter(body -> body.contains(containing))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message to " + to + " says " + containing));
    }

    /** The subjects of the mail written for this address, sent or not yet, in the order it was written. */
    private List<String> outboxTo(String to) {
        return jdbc.sql("select subject from notifications.outbox where recipient = :to order by id")
                .param("to", to)
                .query(String.class)
                .list();
    }

    private List<String> log(long id, String action) {
        return jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = :action")
                .param("id", id)
                .param("action", action)
                .query(String.class)
                .list();
    }

    private long draft(String sender) {
        return api.postJson("/api/ballots", settings(sender), admin)
                .json()
                .get("id")
                .asLong();
    }

    private static Map<String, Object> settings(String sender) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", "Keys watched");
        settings.put("question", "Are you prepared to take action? " + UUID.randomUUID());
        settings.put("ruleSet", "GP_PARTNERS_ENGLAND");
        settings.put("opensAt", "2099-06-17T08:00:00Z");
        settings.put("closesAt", "2099-07-29T11:00:00Z");
        settings.put("rollCutoff", "2099-07-23T22:59:00Z");
        settings.put("scrutineerName", "Independent Scrutineer Ltd");
        settings.put("senderAddress", sender);
        return settings;
    }
}
