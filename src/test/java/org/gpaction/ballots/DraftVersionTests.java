package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two people on one draft: a save or a scheduling from a page opened before the other's change, or an API change
 * naming an older version in If-Match, changes nothing and says when and by whom the draft changed.
 */
@GpActionTest
class DraftVersionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http api;
    ResultsTestData data;
    String adminToken;

    @BeforeEach
    void setUp() {
        api = new Http(port);
        data = new ResultsTestData(jdbc, api);
        adminToken = data.adminToken();
    }

    @Test
    void aSaveFromAPageOpenedBeforeAColleaguesSaveChangesNothingAndShowsTheDraftAsItIsNow() {
        long id = draft("Saved by two people");
        Http admin = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String older = DraftChangesTests.version(scrutineer.get("/ballots/" + id + "/edit"));
        String opened = DraftChangesTests.version(admin.get("/ballots/" + id + "/edit"));
        assertThat(older).isNotEmpty().isEqualTo(opened);

        Http.Response saved = admin.postForm(
                "/ballots/" + id + "/edit",
                DraftChangesTests.withVersion(DraftChangesTests.formFields("Retitled by the administrator"), opened));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);

        Map<String, String> typed = DraftChangesTests.formFields("Retitled by the scrutineer");
        typed.put("options", "Yes\r\nNo\r\nAbstain");
        typed.put("closesAtDay", "30");
        typed.put("scrutineerName", "Another Scrutineer Ltd");
        Http.Response stale =
                scrutineer.postForm("/ballots/" + id + "/edit", DraftChangesTests.withVersion(typed, older));

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("<title>Error: Change the draft")
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL
                        + " after you opened this page: check it and save again (your changes were not saved)")
                .as("the form shows the draft as it is now, not what was typed over the older one")
                .contains("value=\"Retitled by the administrator\"")
                .doesNotContain("Retitled by the scrutineer")
                .doesNotContain("Another Scrutineer Ltd");
        JsonNode now = api.get("/api/ballots/" + id, adminToken).json();
        assertThat(now.get("title").asString()).isEqualTo("Retitled by the administrator");
        assertThat(now.get("options").toString()).isEqualTo("[\"Yes\",\"No\"]");
        assertThat(now.get("closesAt").asString()).isEqualTo("2099-07-29T11:00:00Z");
        assertThat(now.get("scrutineerName").asString()).isEqualTo("Independent Scrutineer Ltd");
        assertThat(log(id, "EDITED")).hasSize(1);

        Map<String, String> unversioned = new HashMap<>(typed);
        Http.Response unsaid = scrutineer.postForm("/ballots/" + id + "/edit", unversioned);
        assertThat(unsaid.status())
                .as("a form that does not say which version it changes is refused too")
                .isEqualTo(409);
        assertThat(unsaid.body()).contains("This page did not say which version of the draft it changes");
        assertThat(log(id, "EDITED")).hasSize(1);

        String current = DraftChangesTests.version(stale);
        assertThat(current).as("the refusal's form carries the version now").isNotEqualTo(older);
        Http.Response again =
                scrutineer.postForm("/ballots/" + id + "/edit", DraftChangesTests.withVersion(typed, current));
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(api.get("/api/ballots/" + id, adminToken).json().get("title").asString())
                .isEqualTo("Retitled by the scrutineer");
    }

    @Test
    void schedulingFromAPageOpenedBeforeAColleaguesChangeSchedulesNothing() {
        long id = draft("Scheduled from an older page");
        TestTrustee.addTo(jdbc, id);
        Http admin = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String older = DraftChangesTests.version(scrutineer.get("/ballots/" + id));
        String opened = DraftChangesTests.version(admin.get("/ballots/" + id + "/edit"));
        Map<String, String> changed = DraftChangesTests.formFields("Moved a day later by the administrator");
        changed.put("opensAtDay", "18");
        assertThat(admin.postForm("/ballots/" + id + "/edit", DraftChangesTests.withVersion(changed, opened))
                        .status())
                .isEqualTo(302);

        Http.Response stale = scrutineer.postForm("/ballots/" + id + "/schedule", Map.of("version", older));

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("<title>Error: ")
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after you opened this page: check it and schedule it"
                        + " again (it was not scheduled)")
                .as("the page shows the draft as it is now")
                .contains("Moved a day later by the administrator")
                .contains("18 June 2099 at 9:00am");
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(log(id, "SCHEDULED")).isEmpty();
        assertThat(scrutineer.postForm("/ballots/" + id + "/schedule", Map.of()).status())
                .as("a form that does not say which version it schedules is refused too")
                .isEqualTo(409);
        assertThat(status(id)).isEqualTo("DRAFT");

        Http.Response scheduled = scrutineer.postForm(
                "/ballots/" + id + "/schedule", Map.of("version", DraftChangesTests.version(stale)));
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(302);
        assertThat(status(id)).isEqualTo("SCHEDULED");
    }

    @Test
    void anApiChangeNamingAnOlderVersionInIfMatchChangesNothing_theCurrentOneAStarOrNoneChangeTheDraft() {
        long id = draft("Changed through the API by two clients");
        Http.Response read = api.get("/api/ballots/" + id, adminToken);
        String first = read.header("etag");
        assertThat(first).as(read.headers().toString()).matches("\"\\d+\"");

        Http.Response current = api.putJson(
                "/api/ballots/" + id, settings("Retitled with the current ETag"), adminToken, ifMatch(first));
        assertThat(current.status()).as(current.body()).isEqualTo(200);
        String second = api.get("/api/ballots/" + id, adminToken).header("etag");
        assertThat(second).isNotEqualTo(first);

        Http.Response stale =
                api.putJson("/api/ballots/" + id, settings("Retitled with an older ETag"), adminToken, ifMatch(first));

        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.header("content-type")).startsWith("application/problem+json");
        assertThat(stale.header("etag")).isEqualTo(second);
        JsonNode problem = stale.json();
        assertThat(problem.get("detail").asString())
                .startsWith("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after the version your If-Match names");
        assertThat(problem.get("ballot").get("title").asString()).isEqualTo("Retitled with the current ETag");
        assertThat(api.get("/api/ballots/" + id, adminToken).json().get("title").asString())
                .isEqualTo("Retitled with the current ETag");
        assertThat(log(id, "EDITED")).hasSize(1);

        Http.Response malformed =
                api.putJson("/api/ballots/" + id, settings("Retitled with a bare number"), adminToken, ifMatch("1"));
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(DraftChangesTests.problems(malformed)).containsOnlyKeys("If-Match");
        assertThat(log(id, "EDITED")).hasSize(1);

        assertThat(api.putJson("/api/ballots/" + id, settings("Retitled with If-Match *"), adminToken, ifMatch("*"))
                        .status())
                .isEqualTo(200);
        assertThat(api.putJson("/api/ballots/" + id, settings("Retitled without If-Match"), adminToken)
                        .status())
                .as("without If-Match, as other systems were written")
                .isEqualTo(200);
        assertThat(api.get("/api/ballots/" + id, adminToken).json().get("title").asString())
                .isEqualTo("Retitled without If-Match");
        assertThat(log(id, "EDITED")).hasSize(3);
    }

    @Test
    void aPostOrAPutAnswersWithTheETagOfTheDraftItMade_soTheNextPutNeedsNoGet() {
        Http.Response created = api.postJson("/api/ballots", settings("Changed twice without a GET"), adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String made = created.header("etag");
        assertThat(made).as(created.headers().toString()).matches("\"\\d+\"");
        assertThat(made).isEqualTo(api.get("/api/ballots/" + id, adminToken).header("etag"));

        Http.Response first =
                api.putJson("/api/ballots/" + id, settings("Changed once without a GET"), adminToken, ifMatch(made));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String changed = first.header("etag");
        assertThat(changed)
                .as(first.headers().toString())
                .matches("\"\\d+\"")
                .isNotEqualTo(made)
                .isEqualTo(api.get("/api/ballots/" + id, adminToken).header("etag"));

        Http.Response second = api.putJson(
                "/api/ballots/" + id, settings("Changed twice without a GET"), adminToken, ifMatch(changed));
        assertThat(second.status())
                .as("the ETag a PUT answered with is the draft's version now")
                .isEqualTo(200);
        assertThat(second.header("etag")).isNotEqualTo(changed);
        assertThat(api.putJson(
                                "/api/ballots/" + id,
                                settings("Changed with the first PUT's ETag"),
                                adminToken,
                                ifMatch(changed))
                        .status())
                .isEqualTo(412);

        Http.Response unconditional =
                api.putJson("/api/ballots/" + id, settings("Changed without If-Match"), adminToken);
        assertThat(unconditional.status()).isEqualTo(200);
        assertThat(unconditional.header("etag"))
                .isNotEqualTo(second.header("etag"))
                .isEqualTo(api.get("/api/ballots/" + id, adminToken).header("etag"));
    }

    @Test
    void schedulingThroughTheApiNamingAnOlderVersionInIfMatchSchedulesNothing_theCurrentOneAStarOrNoneSchedule() {
        long id = draft("Scheduled through the API by two clients");
        TestTrustee.addTo(jdbc, id);
        String first = api.get("/api/ballots/" + id, adminToken).header("etag");
        Http.Response changed = api.putJson(
                "/api/ballots/" + id,
                settings("Changed before the older client scheduled"),
                adminToken,
                ifMatch(first));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        String second = api.get("/api/ballots/" + id, adminToken).header("etag");

        Http.Response stale = api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken, ifMatch(first));

        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.header("content-type")).startsWith("application/problem+json");
        assertThat(stale.header("etag")).isEqualTo(second);
        JsonNode problem = stale.json();
        assertThat(problem.get("detail").asString())
                .startsWith("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after the version your If-Match names");
        assertThat(problem.get("ballot").get("title").asString())
                .isEqualTo("Changed before the older client scheduled");
        assertThat(problem.get("changedBy").asString()).isEqualTo(TestAdmin.EMAIL);
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(log(id, "SCHEDULED")).isEmpty();

        Http.Response malformed = api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken, ifMatch("2"));
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(DraftChangesTests.problems(malformed)).containsOnlyKeys("If-Match");
        assertThat(status(id)).isEqualTo("DRAFT");

        Http.Response scheduled = api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken, ifMatch(second));
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("SCHEDULED");

        long star = draft("Scheduled with If-Match *");
        TestTrustee.addTo(jdbc, star);
        assertThat(api.postJson("/api/ballots/" + star + "/schedule", "{}", adminToken, ifMatch("*"))
                        .status())
                .isEqualTo(200);
        long unconditional = draft("Scheduled without If-Match");
        TestTrustee.addTo(jdbc, unconditional);
        assertThat(api.postJson("/api/ballots/" + unconditional + "/schedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        assertThat(List.of(status(star), status(unconditional))).containsOnly("SCHEDULED");
    }

    @Test
    void deletingFromAConfirmationPageOpenedBeforeAColleaguesChangeDeletesNothing() {
        long id = draft("Deleted from an older page");
        Http admin = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String older = DraftChangesTests.version(scrutineer.get("/ballots/" + id + "/delete"));
        assertThat(older)
                .as("the confirmation page carries the version it showed")
                .isNotEmpty();
        String opened = DraftChangesTests.version(admin.get("/ballots/" + id + "/edit"));
        assertThat(admin.postForm(
                                "/ballots/" + id + "/edit",
                                DraftChangesTests.withVersion(
                                        DraftChangesTests.formFields("Kept, and changed by the administrator"), opened))
                        .status())
                .isEqualTo(302);

        Http.Response stale = scrutineer.postForm("/ballots/" + id + "/delete", Map.of("version", older));

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .as("the deletion's confirmation again, not the form for changing the draft")
                .contains("<title>Error: Delete the draft: Kept, and changed by the administrator")
                .contains("Delete the draft?")
                .contains("action=\"/ballots/" + id + "/delete\"")
                .doesNotContain("name=\"title\"")
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after you opened this page: check it and delete it"
                        + " again (it was not deleted)");
        assertThat(status(id)).isEqualTo("DRAFT");
        Http.Response unsaid = scrutineer.postForm("/ballots/" + id + "/delete", Map.of());
        assertThat(unsaid.status())
                .as("a form that does not say which version it deletes is refused too")
                .isEqualTo(409);
        assertThat(unsaid.body())
                .contains("Delete the draft?")
                .contains("This page did not say which version of the draft it changes");
        assertThat(status(id)).isEqualTo("DRAFT");

        String current = DraftChangesTests.version(stale);
        assertThat(current)
                .as("the refusal carries the version now, so the draft can be deleted from it")
                .isNotEmpty()
                .isNotEqualTo(older);
        Http.Response deleted = scrutineer.postForm("/ballots/" + id + "/delete", Map.of("version", current));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(302);
        assertThat(api.get("/api/ballots/" + id, adminToken).status()).isEqualTo(404);
    }

    @Test
    void anApiDeleteNamingAnOlderVersionInIfMatchDeletesNothing_theCurrentOneOrAStarDelete() {
        long id = draft("Deleted through the API by two clients");
        String first = api.get("/api/ballots/" + id, adminToken).header("etag");
        assertThat(api.putJson("/api/ballots/" + id, settings("Kept, changed by the other client"), adminToken)
                        .status())
                .isEqualTo(200);
        String second = api.get("/api/ballots/" + id, adminToken).header("etag");

        Http.Response stale = api.delete("/api/ballots/" + id, adminToken, ifMatch(first));

        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.header("content-type")).startsWith("application/problem+json");
        assertThat(stale.header("etag")).isEqualTo(second);
        assertThat(stale.json().get("detail").asString()).startsWith("The draft was changed on ");
        assertThat(stale.json().get("ballot").get("title").asString()).isEqualTo("Kept, changed by the other client");
        assertThat(status(id)).isEqualTo("DRAFT");

        Http.Response malformed = api.delete("/api/ballots/" + id, adminToken, ifMatch("W/" + second));
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(DraftChangesTests.problems(malformed)).containsOnlyKeys("If-Match");
        assertThat(status(id)).isEqualTo("DRAFT");

        assertThat(api.delete("/api/ballots/" + id, adminToken, ifMatch(second)).status())
                .isEqualTo(204);
        assertThat(api.get("/api/ballots/" + id, adminToken).status()).isEqualTo(404);
        long star = draft("Deleted with If-Match *");
        assertThat(api.delete("/api/ballots/" + star, adminToken, ifMatch("*")).status())
                .isEqualTo(204);
    }

    @Test
    void addingOrRemovingATrusteesKeyRaisesTheVersion_soAPageOrAnETagFromBeforeSchedulesNothing() {
        long id = draft("Keys changed under an open page");
        String email = data.scrutineer();
        String scrutineerToken = data.token(email, ResultsTestData.PASSWORD);
        assertThat(TestTrustee.addThroughApi(api, scrutineerToken, id)).isEqualTo(201);
        Http scrutineer = data.signedIn(port, email);
        Http admin = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String older = DraftChangesTests.version(admin.get("/ballots/" + id));
        String olderTag = api.get("/api/ballots/" + id, adminToken).header("etag");

        TrusteeKey other = TrusteeKey.generate(new SecureRandom());
        Http.Response added = api.postJson(
                "/api/ballots/" + id + "/trustees",
                "{\"name\":\"Second trustee\",\"key\":" + TestTrustee.publicKeyFile(other) + "}",
                scrutineerToken);
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        Http.Response stale = admin.postForm("/ballots/" + id + "/schedule", Map.of("version", older));
        assertThat(stale.status())
                .as("a page that saw one trustee's key does not schedule the ballot with two")
                .isEqualTo(409);
        assertThat(stale.body())
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + email + " after you opened this page")
                .contains("2 keys");
        assertThat(status(id)).isEqualTo("DRAFT");
        Http.Response staleApi = api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken, ifMatch(olderTag));
        assertThat(staleApi.status()).as(staleApi.body()).isEqualTo(412);
        assertThat(status(id)).isEqualTo("DRAFT");

        String withTwo = DraftChangesTests.version(scrutineer.get("/ballots/" + id));
        String withTwoTag = api.get("/api/ballots/" + id, adminToken).header("etag");
        String removed = "/api/ballots/" + id + "/trustees/"
                + RecordJson.point(other.publicKey().key());
        assertThat(api.delete(removed, scrutineerToken).status()).isEqualTo(204);
        Http.Response withOne = scrutineer.postForm("/ballots/" + id + "/schedule", Map.of("version", withTwo));
        assertThat(withOne.status())
                .as("a page that saw two trustees' keys does not schedule the ballot with one")
                .isEqualTo(409);
        assertThat(api.get("/api/ballots/" + id, adminToken).header("etag")).isNotEqualTo(withTwoTag);
        assertThat(status(id)).isEqualTo("DRAFT");

        String now = DraftChangesTests.version(scrutineer.get("/ballots/" + id));
        Http.Response scheduled = scrutineer.postForm("/ballots/" + id + "/schedule", Map.of("version", now));
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(302);
        assertThat(status(id)).isEqualTo("SCHEDULED");
    }

    @Test
    void aTrusteesKeyAddedFromAPageOpenedBeforeAColleaguesChangeIsNotAdded() {
        long id = draft("Key added from an older page");
        String email = data.scrutineer();
        Http scrutineer = data.signedIn(port, email);
        String older = DraftChangesTests.version(scrutineer.get("/ballots/" + id + "/trustees"));
        assertThat(older).as("the trustees page carries the version it showed").isNotEmpty();
        assertThat(api.putJson("/api/ballots/" + id, settings("Retitled while the key was pasted"), adminToken)
                        .status())
                .isEqualTo(200);

        Map<String, String> typed =
                Map.of("name", "Independent Scrutineer Ltd", "keyFile", TestTrustee.publicKeyFile(), "version", older);
        Http.Response stale = scrutineer.postForm("/ballots/" + id + "/trustees", typed);

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("<title>Error: Trustees")
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after you opened this page: check it and add the key"
                        + " again (the key was not added)")
                .as("the page shows the draft as it is now")
                .contains("Retitled while the key was pasted")
                .contains("id=\"no-trustees\"");
        assertThat(trustees(id)).isZero();
        assertThat(log(id, "TRUSTEE_KEY_ADDED")).isEmpty();
        Map<String, String> unsaid = new HashMap<>(typed);
        unsaid.remove("version");
        Http.Response unversioned = scrutineer.postForm("/ballots/" + id + "/trustees", unsaid);
        assertThat(unversioned.status())
                .as("a form that does not say which version it changes is refused too")
                .isEqualTo(409);
        assertThat(unversioned.body()).contains("This page did not say which version of the draft it changes");
        assertThat(trustees(id)).isZero();

        String current = DraftChangesTests.version(stale);
        assertThat(current).as("the refusal's page carries the version now").isNotEqualTo(older);
        Http.Response added =
                scrutineer.postForm("/ballots/" + id + "/trustees", DraftChangesTests.withVersion(typed, current));
        assertThat(added.status()).as(added.body()).isEqualTo(302);
        assertThat(trustees(id)).isOne();
    }

    @Test
    void aTrusteesKeyRemovedFromAPageOpenedBeforeAColleaguesChangeIsNotRemoved() {
        long id = draft("Key removed from an older page");
        String email = data.scrutineer();
        String scrutineerToken = data.token(email, ResultsTestData.PASSWORD);
        assertThat(TestTrustee.addThroughApi(api, scrutineerToken, id)).isEqualTo(201);
        Http scrutineer = data.signedIn(port, email);
        String older = DraftChangesTests.version(scrutineer.get("/ballots/" + id + "/trustees"));
        assertThat(older).isNotEmpty();
        TrusteeKey other = TrusteeKey.generate(new SecureRandom());
        Http.Response second = api.postJson(
                "/api/ballots/" + id + "/trustees",
                "{\"name\":\"Second trustee\",\"key\":" + TestTrustee.publicKeyFile(other) + "}",
                data.token(email, ResultsTestData.PASSWORD));
        assertThat(second.status()).as(second.body()).isEqualTo(201);

        Map<String, String> removal = Map.of("publicKey", TestTrustee.publicKey(), "version", older);
        Http.Response stale = scrutineer.postForm("/ballots/" + id + "/trustees/remove", removal);

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("<title>Error: Trustees")
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + email + " after you opened this page: check it and remove the key"
                        + " again (the key was not removed)")
                .as("the page shows the trustees as they are now")
                .contains("Second trustee");
        assertThat(trustees(id)).isEqualTo(2);
        assertThat(log(id, "TRUSTEE_KEY_REMOVED")).isEmpty();
        assertThat(scrutineer
                        .postForm("/ballots/" + id + "/trustees/remove", Map.of("publicKey", TestTrustee.publicKey()))
                        .status())
                .as("a form that does not say which version it changes is refused too")
                .isEqualTo(409);
        assertThat(trustees(id)).isEqualTo(2);

        Http.Response removed = scrutineer.postForm(
                "/ballots/" + id + "/trustees/remove",
                DraftChangesTests.withVersion(removal, DraftChangesTests.version(stale)));
        assertThat(removed.status()).as(removed.body()).isEqualTo(302);
        assertThat(trustees(id)).isOne();
        assertThat(log(id, "TRUSTEE_KEY_REMOVED")).hasSize(1);
    }

    @Test
    void aTrusteesKeyAddedOrRemovedThroughTheApiWithAnOlderIfMatchChangesNothing_theCurrentOneAStarOrNoneDo() {
        long id = draft("Keys changed through the API by two clients");
        String scrutineerToken = data.scrutineerToken();
        String first = api.get("/api/ballots/" + id, adminToken).header("etag");
        assertThat(api.putJson("/api/ballots/" + id, settings("Retitled by the other client"), adminToken)
                        .status())
                .isEqualTo(200);
        String second = api.get("/api/ballots/" + id, adminToken).header("etag");
        String body = "{\"name\":\"" + TestTrustee.NAME + "\",\"key\":" + TestTrustee.publicKeyFile() + "}";
        String keyPath = "/api/ballots/" + id + "/trustees/" + TestTrustee.publicKey();

        Http.Response stale = api.postJson("/api/ballots/" + id + "/trustees", body, scrutineerToken, ifMatch(first));

        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.header("content-type")).startsWith("application/problem+json");
        assertThat(stale.header("etag")).isEqualTo(second);
        assertThat(stale.json().get("detail").asString())
                .startsWith("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after the version your If-Match names");
        assertThat(stale.json().get("ballot").get("title").asString()).isEqualTo("Retitled by the other client");
        assertThat(trustees(id)).isZero();
        Http.Response malformed = api.postJson("/api/ballots/" + id + "/trustees", body, scrutineerToken, ifMatch("2"));
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(DraftChangesTests.problems(malformed)).containsOnlyKeys("If-Match");
        assertThat(trustees(id)).isZero();

        Http.Response added = api.postJson("/api/ballots/" + id + "/trustees", body, scrutineerToken, ifMatch(second));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("trustees")).hasSize(1);
        String third = added.header("etag");
        assertThat(third)
                .as("the ETag of the draft the key made, for the next request")
                .isNotEqualTo(second)
                .isEqualTo(api.get("/api/ballots/" + id, adminToken).header("etag"));

        Http.Response staleRemoval = api.delete(keyPath, scrutineerToken, ifMatch(second));
        assertThat(staleRemoval.status()).as(staleRemoval.body()).isEqualTo(412);
        assertThat(staleRemoval.header("etag")).isEqualTo(third);
        assertThat(trustees(id)).isOne();
        Http.Response removed = api.delete(keyPath, scrutineerToken, ifMatch(third));
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(removed.header("etag"))
                .isEqualTo(api.get("/api/ballots/" + id, adminToken).header("etag"));
        assertThat(trustees(id)).isZero();

        assertThat(api.postJson("/api/ballots/" + id + "/trustees", body, scrutineerToken, ifMatch("*"))
                        .status())
                .isEqualTo(201);
        assertThat(api.delete(keyPath, scrutineerToken).status())
                .as("without If-Match, as other systems were written")
                .isEqualTo(204);
        assertThat(TestTrustee.addThroughApi(api, scrutineerToken, id)).isEqualTo(201);
    }

    @Test
    void schedulingAndUnschedulingRaiseTheVersion_soAPageOpenedBeforeTheScheduleSavesNothingAfterTheUnschedule() {
        long id = draft("Scheduled and unscheduled under an open page");
        TestTrustee.addTo(jdbc, id);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String older = DraftChangesTests.version(scrutineer.get("/ballots/" + id + "/edit"));
        String olderSchedule = DraftChangesTests.version(scrutineer.get("/ballots/" + id));
        String drafted = api.get("/api/ballots/" + id, adminToken).header("etag");

        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken, ifMatch(drafted))
                        .status())
                .isEqualTo(200);
        String scheduled = api.get("/api/ballots/" + id, adminToken).header("etag");
        assertThat(scheduled).as("scheduling raises the version").isNotEqualTo(drafted);
        Http.Response unscheduled = api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken);
        assertThat(unscheduled.status()).as(unscheduled.body()).isEqualTo(200);
        assertThat(api.get("/api/ballots/" + id, adminToken).header("etag"))
                .as("unscheduling raises the version")
                .isNotEqualTo(scheduled)
                .isNotEqualTo(drafted);

        Http.Response stale = scrutineer.postForm(
                "/ballots/" + id + "/edit",
                DraftChangesTests.withVersion(DraftChangesTests.formFields("Saved over the unscheduled draft"), older));

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("The draft was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after you opened this page");
        assertThat(api.get("/api/ballots/" + id, adminToken).json().get("title").asString())
                .isEqualTo("Scheduled and unscheduled under an open page");
        assertThat(log(id, "EDITED")).isEmpty();
        assertThat(scrutineer
                        .postForm("/ballots/" + id + "/schedule", Map.of("version", olderSchedule))
                        .status())
                .as("nor does its page schedule it again")
                .isEqualTo(409);
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(api.putJson(
                                "/api/ballots/" + id,
                                settings("Saved with the ETag from before"),
                                adminToken,
                                ifMatch(drafted))
                        .status())
                .isEqualTo(412);
    }

    @Test
    void unschedulingFromAConfirmationPageOpenedBeforeTheBallotChangedUnschedulesNothing() {
        long id = draft("Unscheduled from an older page");
        TestTrustee.addTo(jdbc, id);
        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String older = DraftChangesTests.version(scrutineer.get("/ballots/" + id + "/unschedule"));
        assertThat(api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);

        Http.Response drafted = scrutineer.postForm("/ballots/" + id + "/unschedule", Map.of("version", older));
        assertThat(drafted.status())
                .as("unscheduled by a colleague meanwhile: " + drafted.body())
                .isEqualTo(409);
        assertThat(drafted.body())
                .contains("This ballot is a draft already: it was returned to draft on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL);
        Map<String, Object> moved = settings("Moved a day later by the administrator");
        moved.put("opensAt", "2099-06-18T08:00:00Z");
        assertThat(api.putJson("/api/ballots/" + id, moved, adminToken).status())
                .isEqualTo(200);
        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);

        Http.Response stale = scrutineer.postForm("/ballots/" + id + "/unschedule", Map.of("version", older));

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.body())
                .contains("<title>Error: Unschedule")
                .contains("The ballot was changed on ")
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after you opened this page: check it and unschedule"
                        + " it again (it was not unscheduled)")
                .as("the confirmation shows the ballot as it is now")
                .contains("Moved a day later by the administrator")
                .contains("18 June 2099 at 9:00am");
        assertThat(status(id)).isEqualTo("SCHEDULED");
        assertThat(log(id, "UNSCHEDULED")).hasSize(1);
        Http.Response unsaid = scrutineer.postForm("/ballots/" + id + "/unschedule", Map.of());
        assertThat(unsaid.status())
                .as("a form that does not say which version it unschedules is refused too")
                .isEqualTo(409);
        assertThat(unsaid.body()).contains("This page did not say which version of the ballot it changes");
        assertThat(status(id)).isEqualTo("SCHEDULED");

        String current = DraftChangesTests.version(stale);
        assertThat(current)
                .as("the confirmation carries the version it showed, and the refusal the version now")
                .isNotEmpty()
                .isNotEqualTo(older);
        Http.Response unscheduled = scrutineer.postForm("/ballots/" + id + "/unschedule", Map.of("version", current));
        assertThat(unscheduled.status()).as(unscheduled.body()).isEqualTo(302);
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(log(id, "UNSCHEDULED")).hasSize(2);
    }

    @Test
    void unschedulingThroughTheApiNamingAnOlderVersionInIfMatchUnschedulesNothing_theCurrentOneAStarOrNoneDo() {
        long id = draft("Unscheduled through the API by two clients");
        TestTrustee.addTo(jdbc, id);
        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        String first = api.get("/api/ballots/" + id, adminToken).header("etag");
        assertThat(api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        assertThat(api.putJson(
                                "/api/ballots/" + id,
                                settings("Changed before the older client unscheduled"),
                                adminToken)
                        .status())
                .isEqualTo(200);
        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        String second = api.get("/api/ballots/" + id, adminToken).header("etag");

        Http.Response stale = api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken, ifMatch(first));

        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.header("content-type")).startsWith("application/problem+json");
        assertThat(stale.header("etag")).isEqualTo(second);
        JsonNode problem = stale.json();
        assertThat(problem.get("detail").asString())
                .contains(" (UK time) by " + TestAdmin.EMAIL + " after the version your If-Match names");
        assertThat(problem.get("ballot").get("title").asString())
                .isEqualTo("Changed before the older client unscheduled");
        assertThat(problem.get("ballot").get("status").asString()).isEqualTo("SCHEDULED");
        assertThat(status(id)).isEqualTo("SCHEDULED");
        assertThat(log(id, "UNSCHEDULED")).hasSize(1);

        Http.Response malformed = api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken, ifMatch("2"));
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(DraftChangesTests.problems(malformed)).containsOnlyKeys("If-Match");
        assertThat(status(id)).isEqualTo("SCHEDULED");

        Http.Response unscheduled =
                api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken, ifMatch(second));
        assertThat(unscheduled.status()).as(unscheduled.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(unscheduled.header("etag"))
                .as("the ETag of the draft the unscheduling made, for the next request")
                .isNotEqualTo(second)
                .isEqualTo(api.get("/api/ballots/" + id, adminToken).header("etag"));

        for (Map<String, String> headers : List.of(ifMatch("*"), Map.<String, String>of())) {
            assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken)
                            .status())
                    .isEqualTo(200);
            assertThat(api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken, headers)
                            .status())
                    .as("If-Match %s", headers)
                    .isEqualTo(200);
            assertThat(status(id)).isEqualTo("DRAFT");
        }
    }

    @Test
    void aBallotSentBackToDraftBecauseATrusteesKeyWasExposedRaisesTheVersion_soAnETagFromBeforeChangesNothing() {
        long id = draft("Sent back to draft by an exposed key");
        String scrutineerToken = data.scrutineerToken();
        TrusteeKey careless = TrusteeKey.generate(new SecureRandom());
        Http.Response added = api.postJson(
                "/api/ballots/" + id + "/trustees",
                "{\"name\":\"Careless trustee\",\"key\":" + TestTrustee.publicKeyFile(careless) + "}",
                scrutineerToken);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", adminToken)
                        .status())
                .isEqualTo(200);
        String scheduled = api.get("/api/ballots/" + id, adminToken).header("etag");

        Http.Response pasted =
                api.postJson("/api/ballots/" + id + "/shares", TestTrustee.privateKeyFile(careless), scrutineerToken);
        assertThat(pasted.status()).as(pasted.body()).isEqualTo(400);
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(log(id, "RETURNED_TO_DRAFT")).hasSize(1);
        String returned = api.get("/api/ballots/" + id, adminToken).header("etag");
        assertThat(returned).as("going back to draft raises the version").isNotEqualTo(scheduled);
        Http.Response unscheduled =
                api.postJson("/api/ballots/" + id + "/unschedule", "{}", adminToken, ifMatch(scheduled));
        assertThat(unscheduled.status()).as(unscheduled.body()).isEqualTo(409);
        assertThat(unscheduled.json().get("detail").asString())
                .contains("This ballot is a draft already: it was returned to draft on ")
                .contains(" (UK time) by system");

        Http.Response stale = api.putJson(
                "/api/ballots/" + id,
                settings("Saved with the ETag from while it was scheduled"),
                adminToken,
                ifMatch(scheduled));

        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.json().get("detail").asString())
                .contains(" (UK time) by system after the version your If-Match names");
        assertThat(stale.json().get("changedBy").asString()).isEqualTo("system");
        assertThat(api.get("/api/ballots/" + id, adminToken).json().get("title").asString())
                .isEqualTo("Sent back to draft by an exposed key");
        assertThat(log(id, "EDITED")).isEmpty();
        assertThat(api.putJson(
                                "/api/ballots/" + id,
                                settings("Saved with the ETag from after"),
                                adminToken,
                                ifMatch(returned))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesIfMatchOnUnscheduling_andTheETagItAnswersWith() {
        JsonNode unschedule = api.get("/api/openapi.json")
                .json()
                .get("paths")
                .get("/api/ballots/{id}/unschedule")
                .get("post");
        assertThat(unschedule.get("responses").has("412"))
                .as(unschedule.toString())
                .isTrue();
        assertThat(unschedule.get("parameters").toString())
                .as(unschedule.toString())
                .contains("\"name\":\"If-Match\"")
                .contains("\"in\":\"header\"");
        assertThat(unschedule.get("responses").get("200").get("headers").has("ETag"))
                .isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesIfMatchOnSchedulingAndDeleting_andTheETagOfAPostOrPut() {
        JsonNode paths = api.get("/api/openapi.json").json().get("paths");
        JsonNode schedule = paths.get("/api/ballots/{id}/schedule").get("post");
        JsonNode delete = paths.get("/api/ballots/{id}").get("delete");
        for (JsonNode operation : List.of(schedule, delete)) {
            assertThat(operation.get("responses").has("412"))
                    .as(operation.toString())
                    .isTrue();
            assertThat(operation.get("parameters").toString())
                    .as(operation.toString())
                    .contains("\"name\":\"If-Match\"")
                    .contains("\"in\":\"header\"");
        }
        JsonNode put = paths.get("/api/ballots/{id}").get("put");
        assertThat(put.get("responses").get("200").get("headers").has("ETag")).isTrue();
        JsonNode post = paths.get("/api/ballots").get("post");
        assertThat(post.get("responses").get("201").get("headers").has("ETag")).isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesIfMatchOnAddingAndRemovingATrusteesKey() {
        JsonNode paths = api.get("/api/openapi.json").json().get("paths");
        JsonNode add = paths.get("/api/ballots/{id}/trustees").get("post");
        JsonNode remove = paths.get("/api/ballots/{id}/trustees/{publicKey}").get("delete");
        for (JsonNode operation : List.of(add, remove)) {
            assertThat(operation.get("responses").has("412"))
                    .as(operation.toString())
                    .isTrue();
            assertThat(operation.get("parameters").toString())
                    .as(operation.toString())
                    .contains("\"name\":\"If-Match\"")
                    .contains("\"in\":\"header\"");
        }
        assertThat(add.get("responses").get("201").get("headers").has("ETag")).isTrue();
        assertThat(remove.get("responses").get("204").get("headers").has("ETag"))
                .isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesIfMatchAndTheETag() {
        JsonNode ballot = api.get("/api/openapi.json").json().get("paths").get("/api/ballots/{id}");
        JsonNode put = ballot.get("put");
        assertThat(put.get("responses").has("412")).as(put.toString()).isTrue();
        assertThat(put.get("parameters").toString())
                .contains("\"name\":\"If-Match\"")
                .contains("\"in\":\"header\"");
        assertThat(ballot.get("get").get("responses").get("200").get("headers").has("ETag"))
                .as(ballot.get("get").toString())
                .isTrue();
    }

    private long draft(String title) {
        Http.Response created = api.postJson("/api/ballots", settings(title), adminToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** The settings {@link DraftChangesTests#formFields} types on the form, as the API takes them. */
    private static Map<String, Object> settings(String title) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", title);
        settings.put("question", "Are you prepared to take action?");
        settings.put("options", List.of("Yes", "No"));
        settings.put("ruleSet", "GP_PARTNERS_ENGLAND");
        settings.put("opensAt", "2099-06-17T08:00:00Z");
        settings.put("closesAt", "2099-07-29T11:00:00Z");
        settings.put("rollCutoff", "2099-07-23T22:59:00Z");
        settings.put("scrutineerName", "Independent Scrutineer Ltd");
        settings.put("senderAddress", "ballots@scrutineer.example");
        return settings;
    }

    /**
     * If-Match is read by RFC 9110's entity-tag syntax, as the safe working settings read it: only the ETag as GET gave
     * it names the version, and a tag that is not one GET gives (signed, padded, spaced or weak) is refused, changing
     * nothing, rather than read as the nearest number.
     */
    @Test
    void anIfMatchThatIsNotTheETagAsGetGaveItIsRefusedNamingIt_asTheSafeWorkingSettingsRefuseIt() {
        long id = draft("Changed with an If-Match read strictly");
        String etag = api.get("/api/ballots/" + id, adminToken).header("etag");
        String version = etag.substring(1, etag.length() - 1);
        for (String tag : List.of(
                "\"+" + version + "\"",
                "\"-" + version + "\"",
                "\"0" + version + "\"",
                "\" " + version + " \"",
                "W/" + etag,
                version)) {
            Http.Response refused = api.putJson(
                    "/api/ballots/" + id, settings("Retitled with a tag GET never gives"), adminToken, ifMatch(tag));
            assertThat(refused.status()).as(tag + ": " + refused.body()).isEqualTo(400);
            assertThat(DraftChangesTests.problems(refused)).as(tag).containsOnlyKeys("If-Match");
        }
        assertThat(log(id, "EDITED")).as("nothing was changed").isEmpty();
        assertThat(api.putJson("/api/ballots/" + id, settings("Retitled with its ETag"), adminToken, ifMatch(etag))
                        .status())
                .isEqualTo(200);
    }

    private static Map<String, String> ifMatch(String tag) {
        return Map.of("If-Match", tag);
    }

    private int trustees(long id) {
        return jdbc.sql("select count(*) from ballots.trustee where ballot_id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
    }

    private String status(long id) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    private List<String> log(long id, String action) {
        return jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = :action")
                .param("id", id)
                .param("action", action)
                .query(String.class)
                .list();
    }
}
