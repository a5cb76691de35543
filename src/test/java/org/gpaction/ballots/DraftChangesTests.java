package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A draft is changed or deleted, and a scheduled ballot unscheduled before it opens; nothing else is. */
@GpActionTest
class DraftChangesTests {

    private static final Pattern VERSION = Pattern.compile("type=\"hidden\" name=\"version\" value=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http api;
    ResultsTestData data;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Http(port);
        data = new ResultsTestData(jdbc, api);
        admin = data.adminToken();
    }

    /** Settings far in the future, so the ballot never opens while the tests run. */
    Map<String, Object> settings(String title) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", title);
        settings.put("question", "Are you prepared to take action?");
        settings.put("ruleSet", "GP_PARTNERS_ENGLAND");
        settings.put("opensAt", "2099-06-17T08:00:00Z");
        settings.put("closesAt", "2099-07-29T11:00:00Z");
        settings.put("rollCutoff", "2099-07-23T22:59:00Z");
        settings.put("scrutineerName", "Independent Scrutineer Ltd");
        settings.put("senderAddress", "ballots@scrutineer.example");
        return settings;
    }

    long draft(String title) {
        Http.Response created = api.postJson("/api/ballots", settings(title), admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    long existing(String status) {
        return data.ballot(
                status,
                status + " ballot",
                List.of("Yes", "No"),
                Instant.now().minus(Duration.ofDays(3)),
                Instant.now().plus(Duration.ofDays(3)));
    }

    @Test
    void aDraftIsChangedThroughTheApiAndTheLogSaysWhatChanged() {
        long id = draft("Changed by the API");
        Map<String, Object> changed = settings("Changed by the API, retitled");
        changed.put("closesAt", "2099-07-30T11:00:00Z");
        changed.put("options", List.of("Yes", "No", "Abstain"));

        Http.Response edited = api.putJson("/api/ballots/" + id, changed, admin);

        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        JsonNode view = edited.json();
        assertThat(view.get("title").asString()).isEqualTo("Changed by the API, retitled");
        assertThat(view.get("closesAt").asString()).isEqualTo("2099-07-30T11:00:00Z");
        assertThat(view.get("status").asString()).isEqualTo("DRAFT");
        assertThat(api.get("/api/ballots/" + id, admin).json().get("options").toString())
                .isEqualTo("[\"Yes\",\"No\",\"Abstain\"]");
        assertThat(log(id, "EDITED"))
                .singleElement()
                .asString()
                .contains("title")
                .contains("options (now Yes, No, Abstain)")
                .contains("closing (now 30 July 2099 at midday)")
                .doesNotContain("opening");
    }

    @Test
    void aFieldAChangeDoesNotTakeIsRefusedNamingIt_yetADraftAsGetGaveItIsPutBackUnchanged() {
        long id = draft("Changed exactly");
        Map<String, Object> misnamed = settings("Changed exactly, retitled");
        misnamed.put("closingAt", "2099-07-30T11:00:00Z");

        Http.Response refused = api.putJson("/api/ballots/" + id, misnamed, admin);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("closingAt");
        assertThat(error.get("message").asString()).startsWith("closingAt is not a field this request takes");
        assertThat(log(id, "EDITED")).isEmpty();

        Http.Response got = api.get("/api/ballots/" + id, admin);
        Http.Response putBack =
                api.putJson("/api/ballots/" + id, got.body(), admin, Map.of("If-Match", got.header("ETag")));

        assertThat(putBack.status()).as(putBack.body()).isEqualTo(200);
        assertThat(putBack.json().get("title").asString()).isEqualTo("Changed exactly");
        assertThat(log(id, "EDITED")).singleElement().asString().isEqualTo("Draft saved without changes");
    }

    @Test
    void aFieldMakingADraftDoesNotTakeIsRefusedNamingIt_andNoDraftIsMade() {
        String title = "Made exactly " + java.util.UUID.randomUUID();
        Map<String, Object> misnamed = settings(title);
        misnamed.put("closingAt", "2099-07-30T11:00:00Z");

        Http.Response refused = api.postJson("/api/ballots", misnamed, admin);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("closingAt");
        assertThat(error.get("message").asString()).startsWith("closingAt is not a field this request takes");
        assertThat(jdbc.sql("select count(*) from ballots.ballot where title = :title")
                        .param("title", title)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aChangeIsCheckedAsWhenTheDraftWasCreatedAndABadOneChangesNothing() {
        long id = draft("Checked on change");
        Map<String, Object> bad = settings("");
        bad.put("closesAt", "2099-06-01T11:00:00Z");

        Http.Response refused = api.putJson("/api/ballots/" + id, bad, admin);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("\"field\":\"title\"")
                .contains("Enter a title")
                .contains("Voting must close after it opens");
        assertThat(api.putJson("/api/ballots/" + id, "{not json", admin).status())
                .isEqualTo(400);
        assertThat(api.get("/api/ballots/" + id, admin).json().get("title").asString())
                .isEqualTo("Checked on change");
        assertThat(log(id, "EDITED")).isEmpty();
    }

    @Test
    void controlCharactersInTheSettingsAreNamedProblems_notServerErrors() {
        Map<String, Object> typed = settings("A NUL\u0000 in the title");
        typed.put("question", "Line breaks and tabs are\r\nfine,\tbut not a bell\u0007");
        typed.put("options", List.of("Yes", "No\u0000"));
        typed.put("scrutineerName", "Independent\nScrutineer Ltd");
        typed.put("senderAddress", "ballots\u0000@scrutineer.example");

        Http.Response refused = api.postJson("/api/ballots", typed, admin);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(problems(refused))
                .containsEntry("title", "Must not contain control characters")
                .containsEntry("question", "Must not contain control characters")
                .containsEntry("options", "Options must not contain control characters")
                .containsEntry("scrutineerName", "Must not contain control characters")
                .containsKey("senderAddress")
                .hasSize(5);
        Map<String, Object> lines = settings("Line breaks in the question");
        lines.put("question", "Line breaks and tabs are\r\nfine,\there");
        assertThat(api.postJson("/api/ballots", lines, admin).status()).isEqualTo(201);

        long id = draft("Typed on the page");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String version = version(pages.get("/ballots/" + id + "/edit"));
        Map<String, String> fields = new HashMap<>(formFields("A NUL\u0000 typed on the page"));
        fields.put("version", version);
        Http.Response form = pages.postForm("/ballots/" + id + "/edit", fields);
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.body())
                .contains("<title>Error: Change the draft")
                .contains("href=\"#title\">Must not contain control characters<");
        assertThat(api.get("/api/ballots/" + id, admin).json().get("title").asString())
                .isEqualTo("Typed on the page");
    }

    @Test
    void aSenderAddressMailCannotBeSentFromIsRefusedNamingItAndChangesNothing() {
        Map<String, Object> trailingDot = settings("Sent from an address ending in a full stop");
        trailingDot.put("senderAddress", "ballots@scrutineer.example.");

        Http.Response created = api.postJson("/api/ballots", trailingDot, admin);

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(problems(created)).containsOnlyKeys("senderAddress");
        assertThat(jdbc.sql("select count(*) from ballots.ballot where title = :title")
                        .param("title", "Sent from an address ending in a full stop")
                        .query(Long.class)
                        .single())
                .isZero();

        long id = draft("Sender changed to one mail cannot come from");
        for (String sender : List.of("ballots@scrutineer..example", "ballots@scrutineer.example(1)", "x,y@d.example")) {
            Map<String, Object> changed = settings("Sender changed to one mail cannot come from");
            changed.put("senderAddress", sender);
            Http.Response edited = api.putJson("/api/ballots/" + id, changed, admin);
            assertThat(edited.status()).as(sender + ": " + edited.body()).isEqualTo(400);
            assertThat(problems(edited)).as(sender).containsOnlyKeys("senderAddress");
        }
        assertThat(api.get("/api/ballots/" + id, admin)
                        .json()
                        .get("senderAddress")
                        .asString())
                .isEqualTo("ballots@scrutineer.example");
        assertThat(log(id, "EDITED")).isEmpty();
    }

    @Test
    void timesOutside2000To2099AreNamedProblems_notServerErrors() {
        Map<String, Object> farOff = settings("Closes in the year 300000");
        farOff.put("closesAt", "+300000-01-01T00:00:00Z");
        Http.Response late = api.postJson("/api/ballots", farOff, admin);
        assertThat(late.status()).as(late.body()).isEqualTo(400);
        assertThat(problems(late)).containsExactly(Map.entry("closesAt", "Voting must close between 2000 and 2099"));

        Map<String, Object> early = settings("Opens in 5000 BC");
        early.put("opensAt", "-5000-01-01T00:00:00Z");
        early.put("rollCutoff", "-5000-01-02T00:00:00Z");
        Http.Response before = api.postJson("/api/ballots", early, admin);
        assertThat(before.status()).as(before.body()).isEqualTo(400);
        assertThat(problems(before))
                .containsOnly(
                        Map.entry("opensAt", "Voting must open between 2000 and 2099"),
                        Map.entry("rollCutoff", "The roll cut-off must be between 2000 and 2099"));

        long id = draft("Changed to close in the year 300000");
        Map<String, Object> changed = settings("Changed to close in the year 300000");
        changed.put("closesAt", "+300000-01-01T00:00:00Z");
        Http.Response edited = api.putJson("/api/ballots/" + id, changed, admin);
        assertThat(edited.status()).as(edited.body()).isEqualTo(400);
        assertThat(edited.body()).contains("Voting must close between 2000 and 2099");
        assertThat(api.get("/api/ballots/" + id, admin).json().get("closesAt").asString())
                .isEqualTo("2099-07-29T11:00:00Z");
        Map<String, Object> last = settings("Closes on the last day of 2099");
        last.put("closesAt", "2099-12-31T23:00:00Z");
        assertThat(api.postJson("/api/ballots", last, admin).status()).isEqualTo(201);
    }

    @Test
    void timesThroughTheApiAreWholeMinutesAsOnTheForm_andOnesWithSecondsAreRefusedNamingTheField() {
        Map<String, Object> seconds = settings("Opens half a minute past");
        seconds.put("opensAt", "2099-06-17T08:00:30Z");
        seconds.put("rollCutoff", "2099-07-23T22:59:00.250Z");
        Http.Response refused = api.postJson("/api/ballots", seconds, admin);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(problems(refused))
                .containsOnly(
                        Map.entry(
                                "opensAt",
                                "Voting must open on a whole minute, as ballot times are shown and typed: send"
                                        + " 2099-06-17T08:00:00Z, say, with no seconds"),
                        Map.entry(
                                "rollCutoff",
                                "The roll cut-off must be on a whole minute, as ballot times are shown and typed:"
                                        + " send 2099-07-23T22:59:00Z, say, with no seconds"));

        long id = draft("Changed to close half a minute past");
        Map<String, Object> changed = settings("Changed to close half a minute past");
        changed.put("closesAt", "2099-07-29T11:00:30Z");
        Http.Response edited = api.putJson("/api/ballots/" + id, changed, admin);
        assertThat(edited.status()).as(edited.body()).isEqualTo(400);
        assertThat(problems(edited))
                .containsOnly(Map.entry(
                        "closesAt",
                        "Voting must close on a whole minute, as ballot times are shown and typed: send"
                                + " 2099-07-29T11:00:00Z, say, with no seconds"));
        assertThat(api.get("/api/ballots/" + id, admin).json().get("closesAt").asString())
                .isEqualTo("2099-07-29T11:00:00Z");
        assertThat(log(id, "EDITED")).isEmpty();
    }

    @Test
    void aDraftWhoseStoredTimesHaveSecondsIsSentBackUnchanged_butATimeChangedToOneWithSecondsIsRefusedNamingIt() {
        long id = draft("Saved with seconds before they were refused");
        // As a draft saved through the API before times with seconds were refused: no migration cut them.
        jdbc.sql("""
                        update ballots.ballot
                           set opens_at = opens_at + interval '30 seconds',
                               roll_cutoff = roll_cutoff + interval '0.25 seconds'
                         where id = :id""").param("id", id).update();
        Http.Response got = api.get("/api/ballots/" + id, admin);
        assertThat(got.json().get("opensAt").asString()).isEqualTo("2099-06-17T08:00:30Z");

        Http.Response putBack = api.putJson("/api/ballots/" + id, got.body(), admin);

        assertThat(putBack.status()).as(putBack.body()).isEqualTo(200);
        assertThat(putBack.json().get("opensAt").asString()).isEqualTo("2099-06-17T08:00:30Z");
        assertThat(putBack.json().get("rollCutoff").asString()).isEqualTo("2099-07-23T22:59:00.250Z");

        Map<String, Object> changed = settings("Saved with seconds before they were refused");
        changed.put("opensAt", "2099-06-17T08:00:30Z");
        changed.put("rollCutoff", "2099-07-23T22:59:00.250Z");
        changed.put("closesAt", "2099-07-29T11:00:45Z");
        Http.Response refused = api.putJson("/api/ballots/" + id, changed, admin);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(problems(refused))
                .containsOnly(Map.entry(
                        "closesAt",
                        "Voting must close on a whole minute, as ballot times are shown and typed: send"
                                + " 2099-07-29T11:00:00Z, say, with no seconds"));
        assertThat(api.get("/api/ballots/" + id, admin).json().get("closesAt").asString())
                .isEqualTo("2099-07-29T11:00:00Z");
        assertThat(log(id, "EDITED")).singleElement().asString().isEqualTo("Draft saved without changes");
    }

    @Test
    void onlyADraftCanBeChangedOrDeletedAndAnythingElseIsRefusedWithTheReason() {
        long draft = draft("Scheduled, so fixed");
        TestTrustee.addTo(jdbc, draft);
        assertThat(api.postJson("/api/ballots/" + draft + "/schedule", "{}", admin)
                        .status())
                .isEqualTo(200);
        Http.Response scheduled = api.putJson("/api/ballots/" + draft, settings("Sneaky change"), admin);
        assertThat(scheduled.status()).isEqualTo(409);
        assertThat(scheduled.body()).contains("Only a draft can be changed").contains("Unschedule it first");
        assertThat(api.delete("/api/ballots/" + draft, admin).status()).isEqualTo(409);

        for (String status : List.of("OPEN", "CLOSED")) {
            long id = existing(status);
            Http.Response edit = api.putJson("/api/ballots/" + id, settings("Changed after opening"), admin);
            assertThat(edit.status()).as(status).isEqualTo(409);
            assertThat(edit.body()).contains("this ballot is " + status);
            Http.Response delete = api.delete("/api/ballots/" + id, admin);
            assertThat(delete.status()).as(status).isEqualTo(409);
            assertThat(api.get("/api/ballots/" + id, admin).json().get("title").asString())
                    .isEqualTo(status + " ballot");
        }
        assertThat(api.putJson("/api/ballots/999999999", settings("Nobody"), admin)
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/ballots/999999999", admin).status()).isEqualTo(404);
    }

    @Test
    void aDeletedDraftIsGoneWithItsLog() {
        long id = draft("Deleted by the API");
        assertThat(log(id, "CREATED")).hasSize(1);

        assertThat(api.delete("/api/ballots/" + id, admin).status()).isEqualTo(204);

        assertThat(api.get("/api/ballots/" + id, admin).status()).isEqualTo(404);
        assertThat(api.delete("/api/ballots/" + id, admin).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from ballots.ballot_log where ballot_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aScheduledBallotGoesBackToDraftBeforeItOpensAndTheLogSaysWho() {
        long id = draft("Unscheduled by the API");
        TestTrustee.addTo(jdbc, id);
        api.postJson("/api/ballots/" + id + "/schedule", "{}", admin);

        Http.Response unscheduled = api.postJson("/api/ballots/" + id + "/unschedule", "{}", admin);

        assertThat(unscheduled.status()).as(unscheduled.body()).isEqualTo(200);
        assertThat(unscheduled.json().get("status").asString()).isEqualTo("DRAFT");
        assertThat(log(id, "UNSCHEDULED")).singleElement().asString().contains("Returned to draft");
        assertThat(jdbc.sql("select actor from ballots.ballot_log where ballot_id = :id and action = 'UNSCHEDULED'")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo(TestAdmin.EMAIL);
        Http.Response again = api.postJson("/api/ballots/" + id + "/unschedule", "{}", admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("a draft already");
        assertThat(api.putJson("/api/ballots/" + id, settings("Changed once a draft again"), admin)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aBallotThatHasOpenedCannotBeUnscheduledAndTheAnswerSaysWhen() {
        for (String status : List.of("OPEN", "CLOSED")) {
            long id = existing(status);
            Http.Response refused = api.postJson("/api/ballots/" + id + "/unschedule", "{}", admin);
            assertThat(refused.status()).as(status).isEqualTo(409);
            assertThat(refused.body())
                    .containsPattern("Voting opened (on \\d{1,2} [A-Z][a-z]+ \\d{4} at |at midnight)")
                    .contains("can no longer be unscheduled");
            assertThat(log(id, "UNSCHEDULED")).isEmpty();
        }
        assertThat(api.postJson("/api/ballots/999999999/unschedule", "{}", admin)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void staffWhoMayNotCreateBallotsCannotChangeDeleteOrUnscheduleThemAndAreRefusedBeforeTheBodyIsRead() {
        long id = draft("Not for practice staff");
        for (String role : List.of("PRACTICE_MANAGER", "RECEPTIONIST")) {
            String email = data.staff(role, List.of(TestPractices.add(jdbc)));
            String token = data.token(email, ResultsTestData.PASSWORD);
            assertThat(api.putJson("/api/ballots/" + id, settings("Taken over"), token)
                            .status())
                    .as(role)
                    .isEqualTo(403);
            assertThat(api.putJson("/api/ballots/" + id, "{not json", token).status())
                    .as("refused before the body is parsed")
                    .isEqualTo(403);
            assertThat(api.delete("/api/ballots/" + id, token).status()).isEqualTo(403);
            assertThat(api.postJson("/api/ballots/" + id + "/unschedule", "{}", token)
                            .status())
                    .isEqualTo(403);
            assertThat(api.get("/api/ballots/" + id + "/roll-preview", token).status())
                    .isEqualTo(403);

            Http pages = data.signedIn(port, email);
            assertThat(pages.get("/ballots/" + id + "/edit").status()).isEqualTo(403);
            assertThat(pages.get("/ballots/" + id + "/delete").status()).isEqualTo(403);
            assertThat(pages.get("/ballots/" + id + "/unschedule").status()).isEqualTo(403);
            pages.get("/account");
            assertThat(pages.postForm("/ballots/" + id + "/delete", Map.of()).status())
                    .isEqualTo(403);
            assertThat(pages.postForm("/ballots/" + id + "/edit", Map.of("title", "x"))
                            .status())
                    .isEqualTo(403);
        }
        assertThat(api.delete("/api/ballots/" + id, null).status()).isEqualTo(401);
        assertThat(api.get("/api/ballots/" + id, admin).json().get("title").asString())
                .isEqualTo("Not for practice staff");
    }

    @Test
    void aScrutineerMayChangeADraftAsAnAdministratorMay() {
        long id = draft("Changed by the scrutineer");
        String scrutineer = data.scrutineerToken();
        assertThat(api.putJson("/api/ballots/" + id, settings("Changed by the scrutineer, too"), scrutineer)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/ballots/" + id + "/roll-preview", scrutineer)
                        .json()
                        .has("eligible"))
                .isTrue();
    }

    @Test
    void aDraftsRollPreviewCountsWhomTheRulesTakeTodayAndOnlyForDrafts() {
        String practice = TestPractices.add(jdbc);
        String prefix = "PRV" + UUID.randomUUID().toString().substring(0, 6);
        int gmc = 4_000_000 + new Random().nextInt(5_000_000);
        long id = draft("Preview");
        long before = api.get("/api/ballots/" + id + "/roll-preview", admin)
                .json()
                .get("eligible")
                .asLong();
        BallotFixtures.addMembers(jdbc, prefix + "P", gmc, 3, "CONTRACTOR_PARTNER", practice, "preview.test");
        BallotFixtures.addMembers(jdbc, prefix + "S", gmc + 10, 1, "SALARIED", practice, "preview.test");

        JsonNode preview =
                api.get("/api/ballots/" + id + "/roll-preview", admin).json();

        assertThat(preview.get("ruleSet").asString()).isEqualTo("GP_PARTNERS_ENGLAND");
        assertThat(preview.get("eligible").asLong())
                .as("three more partners, not the salaried GP")
                .isEqualTo(before + 3);
        assertThat(api.get("/api/ballots/" + existing("OPEN") + "/roll-preview", admin)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aDraftsRollPreviewCountsMembersEligibleOnlyByARoleTheyDeclaredApart_asTheRollHoldsThemForTheCheck() {
        String practice = TestPractices.add(jdbc);
        String prefix = "PRD" + UUID.randomUUID().toString().substring(0, 6);
        int gmc = 4_000_000 + new Random().nextInt(5_000_000);
        long id = draft("Preview of declared roles");
        JsonNode before = api.get("/api/ballots/" + id + "/roll-preview", admin).json();
        BallotFixtures.addMembers(jdbc, prefix + "P", gmc, 3, "CONTRACTOR_PARTNER", practice, "preview.test");
        jdbc.sql("update membership.member_role set declared_at = now() where membership_number = :n")
                .param("n", prefix + "P1")
                .update();

        JsonNode preview =
                api.get("/api/ballots/" + id + "/roll-preview", admin).json();

        assertThat(preview.get("eligible").asLong())
                .as("two partners by the union's record; the one by their own word is not put on the roll")
                .isEqualTo(before.get("eligible").asLong() + 2);
        assertThat(preview.get("waitingForCheck").asLong())
                .isEqualTo(before.get("waitingForCheck").asLong() + 1);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/ballots/" + id).body())
                .contains("id=\"roll-today-waiting\"")
                .contains("more waiting for the scrutineer");
    }

    @Test
    void aScheduledBallotsRollPreviewIsRefusedSayingItsRollIsMadeWhenItOpensNotToSeeATurnoutItHasNotGot() {
        Instant opens = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        long id = data.ballot(
                "SCHEDULED", "Preview once scheduled", List.of("Yes", "No"), opens, opens.plus(Duration.ofDays(7)));

        Http.Response refused = api.get("/api/ballots/" + id + "/roll-preview", admin);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("A roll preview is for drafts; this ballot is SCHEDULED: its roll is made when it opens (by"
                        + " itself " + UkTime.onOrAt(opens) + ", UK time), and its turnout then says how many are on"
                        + " it");
    }

    @Test
    void aRollPreviewOfABallotTheClockLeftShutSaysItMustBeUnscheduledFirst_notThatItsRollIsMadeWhenItOpens() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        // Written in without a trustee's key and past their opening times, as the clock leaves such ballots: shut.
        Instant opened = now.minus(Duration.ofHours(1));
        long keyless = data.ballot(
                "SCHEDULED", "Left shut for want of a key", List.of("Yes", "No"), opened, now.plus(Duration.ofDays(7)));
        Instant closed = now.minus(Duration.ofHours(2));
        long windowPassed = data.ballot(
                "SCHEDULED", "Left shut past its close", List.of("Yes", "No"), now.minus(Duration.ofDays(3)), closed);
        // Only once the clock has written why in each ballot's log do the words send anyone to it.
        for (long id : List.of(keyless, windowPassed)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql(
                                    "select count(*) from ballots.ballot_log where ballot_id = :b and action = 'NOT_OPENED'")
                            .param("b", id)
                            .query(Long.class)
                            .single()
                            .equals(1L));
        }

        Map<Long, String> expected = Map.of(
                keyless,
                "A roll preview is for drafts; this ballot is SCHEDULED. The clock left this ballot shut at its opening"
                        + " time, " + UkTime.format(opened) + " (UK time), and its log says why; it cannot open until"
                        + " it is unscheduled (and scheduled again, if wanted). Once unscheduled it is a draft, and has"
                        + " a roll preview",
                windowPassed,
                "A roll preview is for drafts; this ballot is SCHEDULED. The clock left this ballot shut, and its log"
                        + " says why; its closing time, " + UkTime.format(closed) + " (UK time), has passed, so it"
                        + " will not open: it must be unscheduled (and given new times and scheduled again, if"
                        + " wanted). Once unscheduled it is a draft, and has a roll preview");
        expected.forEach((id, detail) -> {
            Http.Response refused = api.get("/api/ballots/" + id + "/roll-preview", admin);

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).isEqualTo(detail);
        });
    }

    @Test
    void aValueOfTheWrongTypeInABallotIsRefusedNamingItsFieldAndNothingIsCreated() {
        Map<String, Object> badDate = settings("Opens tomorrow");
        badDate.put("opensAt", "tomorrow");
        Map<String, Object> badOptions = settings("One option as text");
        badOptions.put("options", "Yes");

        Http.Response date = api.postJson("/api/ballots", badDate, admin);
        Http.Response options = api.postJson("/api/ballots", badOptions, admin);

        assertThat(date.status()).as(date.body()).isEqualTo(400);
        assertThat(date.json().get("errors").get(0).get("field").asString()).isEqualTo("opensAt");
        assertThat(date.json().get("detail").asString()).contains("opensAt must be a date and time");
        assertThat(options.status()).as(options.body()).isEqualTo(400);
        assertThat(options.json().get("errors").get(0).get("field").asString()).isEqualTo("options");
        assertThat(options.json().get("detail").asString()).isEqualTo("options must be a list");
        assertThat(jdbc.sql(
                                "select count(*) from ballots.ballot where title in ('Opens tomorrow', 'One option as text')")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theOpenApiDocumentDescribesChangingDeletingAndUnscheduling() {
        JsonNode paths = api.get("/api/openapi.json").json().get("paths");
        assertThat(paths.get("/api/ballots/{id}").has("put")).isTrue();
        assertThat(paths.get("/api/ballots/{id}").get("put").get("responses").has("409"))
                .isTrue();
        assertThat(paths.get("/api/ballots/{id}").get("put").get("requestBody").toString())
                .contains("BallotRequest");
        assertThat(paths.get("/api/ballots/{id}").get("delete").get("responses").has("204"))
                .isTrue();
        assertThat(paths.get("/api/ballots/{id}/unschedule")
                        .get("post")
                        .get("responses")
                        .has("409"))
                .isTrue();
        assertThat(paths.has("/api/ballots/{id}/roll-preview")).isTrue();
    }

    @Test
    void everyRequestTakingIfMatchDocumentsOneShared412_sayingWhenAndByWhomWithTheProblemDocument() {
        JsonNode document = api.get("/api/openapi.json").json();
        JsonNode paths = document.get("paths");
        List<JsonNode> operations = List.of(
                paths.get("/api/ballots/{id}").get("put"),
                paths.get("/api/ballots/{id}").get("delete"),
                paths.get("/api/ballots/{id}/schedule").get("post"),
                paths.get("/api/ballots/{id}/unschedule").get("post"),
                paths.get("/api/ballots/{id}/trustees").get("post"),
                paths.get("/api/ballots/{id}/trustees/{publicKey}").get("delete"));
        for (JsonNode operation : operations) {
            assertThat(operation.get("responses").get("412").get("$ref").asString())
                    .as(operation.toString())
                    .isEqualTo("#/components/responses/BallotChangedMeanwhile");
        }
        JsonNode shared = document.get("components").get("responses").get("BallotChangedMeanwhile");
        assertThat(shared.get("description").asString())
                .contains("changed after the version If-Match names")
                .contains("when and by whom");
        String schema = shared.get("content")
                .get("application/problem+json")
                .get("schema")
                .get("$ref")
                .asString();
        assertThat(schema).isEqualTo("#/components/schemas/ProblemDetail");
        assertThat(document.get("components").get("schemas").has("ProblemDetail"))
                .as("the problem document's schema is in the document")
                .isTrue();
    }

    @Test
    void theFormRefusesATimeTheClocksSkipOrPassTwiceSayingWhatEventsSayAndChangesNothing() {
        long id = draft("Timed across the clock changes");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Map<String, String> fields = new HashMap<>(formFields("Timed across the clock changes"));
        fields.put("version", version(pages.get("/ballots/" + id + "/edit")));
        fields.put("opensAtDay", "29");
        fields.put("opensAtMonth", "3");
        fields.put("opensAtTime", "01:30");
        fields.put("closesAtDay", "25");
        fields.put("closesAtMonth", "10");
        fields.put("closesAtTime", "01:15");
        fields.put("rollCutoffDay", "1");
        fields.put("rollCutoffMonth", "10");

        Http.Response refused = pages.postForm("/ballots/" + id + "/edit", fields);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#opensAtTime\">"
                        + UkTime.missing(LocalDateTime.parse("2099-03-29T01:30"))
                                .orElseThrow() + "<")
                .contains("href=\"#closesAtTime\">"
                        + UkTime.twice(LocalDateTime.parse("2099-10-25T01:15")).orElseThrow()
                        + ", or put BST or GMT after the time to say which: 01:15 BST is the first, 01:15 GMT the"
                        + " second<")
                .contains("01:15 on 25 October 2099 happens twice in UK time: the clocks go back from 02:00 to"
                        + " 01:00. Choose a time before 01:00 or from 02:00");
        assertThat(api.get("/api/ballots/" + id, admin).json().get("closesAt").asString())
                .isEqualTo("2099-07-29T11:00:00Z");
        assertThat(log(id, "EDITED")).isEmpty();
    }

    @Test
    void aDraftMadeThroughTheApiToCloseInTheHourTheClocksPassTwiceSavesAgainFromItsForm_atTheTimeItHad() {
        Map<String, Object> settings = settings("Closes as the clocks go back");
        // The clocks go back at 02:00 BST on 25 October 2099: 01:30 UTC is the second 01:30, in GMT.
        settings.put("closesAt", "2099-10-25T01:30:00Z");
        settings.put("rollCutoff", "2099-10-23T22:59:00Z");
        Http.Response created = api.postJson("/api/ballots", settings, admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response form = pages.get("/ballots/" + id + "/edit");
        assertThat(form.body()).contains("id=\"closesAtTime\" name=\"closesAtTime\" value=\"01:30 GMT\"");
        Map<String, String> fields = withVersion(formFields("Closes as the clocks go back, renamed"), version(form));
        fields.put("closesAtDay", "25");
        fields.put("closesAtMonth", "10");
        fields.put("closesAtTime", "01:30 GMT");
        fields.put("rollCutoffDay", "23");
        fields.put("rollCutoffMonth", "10");
        Http.Response saved = pages.postForm("/ballots/" + id + "/edit", fields);

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(api.get("/api/ballots/" + id, admin).json().get("closesAt").asString())
                .isEqualTo("2099-10-25T01:30:00Z");
        assertThat(pages.get("/ballots/" + id).body()).contains("25 October 2099 at 1:30am GMT");

        fields = withVersion(fields, version(pages.get("/ballots/" + id + "/edit")));
        fields.put("closesAtTime", "01:30 BST");
        assertThat(pages.postForm("/ballots/" + id + "/edit", fields).status()).isEqualTo(302);
        assertThat(api.get("/api/ballots/" + id, admin).json().get("closesAt").asString())
                .isEqualTo("2099-10-25T00:30:00Z");
    }

    @Test
    void theFormShowsADraftInTheBoxesItWasTypedInAndNamesEachBoxToFix() {
        long id = draft("Changed on the page");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response form = pages.get("/ballots/" + id + "/edit");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body())
                .contains("Change the draft")
                .contains("id=\"closesAtDay\" name=\"closesAtDay\" value=\"29\"")
                .contains("id=\"closesAtMonth\" name=\"closesAtMonth\" value=\"7\"")
                .contains("id=\"closesAtYear\" name=\"closesAtYear\" value=\"2099\"")
                .contains("id=\"closesAtTime\" name=\"closesAtTime\" value=\"12:00\"")
                .contains("For example, 27 3 2027")
                .doesNotContain("datetime-local");

        Map<String, String> fields = new HashMap<>(formFields("Changed on the page"));
        fields.put("version", version(form));
        fields.put("closesAtDay", "31");
        fields.put("closesAtMonth", "2");
        fields.put("rollCutoffTime", "25:00");
        fields.put("opensAtDay", "");
        Http.Response refused = pages.postForm("/ballots/" + id + "/edit", fields);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<title>Error: Change the draft")
                .contains("href=\"#opensAtDay\">The date voting opens must include a day<")
                .contains("href=\"#closesAtDay\">The date voting closes must be a real date: February 2099 has 28"
                        + " days<")
                .contains("href=\"#rollCutoffTime\">Enter the time of the roll cut-off as hours and minutes on the"
                        + " 24-hour clock");
        assertThat(api.get("/api/ballots/" + id, admin).json().get("closesAt").asString())
                .isEqualTo("2099-07-29T11:00:00Z");

        fields = new HashMap<>(formFields("Changed on the page"));
        fields.put("version", version(form));
        fields.put("opensAtYear", "2020");
        assertThat(pages.postForm("/ballots/" + id + "/edit", fields).body())
                .contains("href=\"#opensAtDay\">The time voting opens must be in the future");
        fields = new HashMap<>(formFields("Changed on the page"));
        fields.put("version", version(form));
        fields.put("closesAtDay", "16");
        fields.put("closesAtMonth", "6");
        assertThat(pages.postForm("/ballots/" + id + "/edit", fields).body())
                .contains("href=\"#closesAtDay\">Voting must close after it opens<")
                .contains("href=\"#rollCutoffDay\">The roll cut-off must fall between opening and closing<");

        fields = new HashMap<>(formFields("Changed on the page, twice"));
        fields.put("version", version(form));
        fields.put("opensAtDay", "29");
        fields.put("opensAtMonth", "3");
        fields.put("opensAtTime", "01:30");
        assertThat(pages.postForm("/ballots/" + id + "/edit", fields).body())
                .contains("href=\"#opensAtTime\">01:30 on 29 March 2099 does not exist in UK time");

        fields = new HashMap<>(formFields("Changed on the page, twice"));
        fields.put("version", version(form));
        Http.Response saved = pages.postForm("/ballots/" + id + "/edit", fields);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(pages.get("/ballots/" + id).body())
                .contains("The draft was changed")
                .contains("Changed on the page, twice")
                .contains("Draft changed: title");
    }

    @Test
    void anOptionsBoxLeftEmptyOnTheFormIsRefusedNamingIt_notSavedAsYesAndNo() {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String title = "Options emptied " + UUID.randomUUID();
        pages.get("/ballots/new");
        for (String emptied : List.of("", " \r\n \r\n")) {
            Map<String, String> fields = new HashMap<>(formFields(title));
            fields.put("options", emptied);

            Http.Response created = pages.postForm("/ballots", fields);

            assertThat(created.status()).as(created.body()).isEqualTo(400);
            assertThat(created.body())
                    .contains("href=\"#options\">Enter the options voters choose from, one on each line<");
        }
        assertThat(jdbc.sql("select count(*) from ballots.ballot where title = :title")
                        .param("title", title)
                        .query(Long.class)
                        .single())
                .isZero();

        Map<String, Object> threeWays = settings("Three options, then emptied");
        threeWays.put("options", List.of("Yes", "No", "Abstain"));
        Http.Response made = api.postJson("/api/ballots", threeWays, admin);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        Map<String, String> emptied =
                withVersion(formFields("Three options, then emptied"), version(pages.get("/ballots/" + id + "/edit")));
        emptied.put("options", "");

        Http.Response changed = pages.postForm("/ballots/" + id + "/edit", emptied);

        assertThat(changed.status()).as(changed.body()).isEqualTo(400);
        assertThat(changed.body())
                .contains("href=\"#options\">Enter the options voters choose from, one on each line<");
        assertThat(api.get("/api/ballots/" + id, admin).json().get("options").toString())
                .isEqualTo("[\"Yes\",\"No\",\"Abstain\"]");
        assertThat(log(id, "EDITED")).isEmpty();
    }

    @Test
    void schedulingABallotThatIsNoLongerADraftIsAConflict_409WithTheReason_notAFieldToFix() {
        long id = draft("Scheduled twice");
        TestTrustee.addTo(jdbc, id);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String seen = version(pages.get("/ballots/" + id));
        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", admin).status())
                .isEqualTo(200);

        Http.Response again = api.postJson("/api/ballots/" + id + "/schedule", "{}", admin);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("Only a draft can be scheduled; this ballot is SCHEDULED");
        Http.Response clickedTwice = pages.postForm("/ballots/" + id + "/schedule", Map.of("version", seen));
        assertThat(clickedTwice.status()).as(clickedTwice.body()).isEqualTo(409);
        assertThat(clickedTwice.body())
                .contains("<title>Error: ")
                .contains("Only a draft can be scheduled; this ballot is SCHEDULED");
        for (String status : List.of("OPEN", "CLOSED")) {
            Http.Response refused = api.postJson("/api/ballots/" + existing(status) + "/schedule", "{}", admin);
            assertThat(refused.status()).as(status + ": " + refused.body()).isEqualTo(409);
            assertThat(refused.body()).contains("this ballot is " + status);
        }
        assertThat(api.get("/api/openapi.json")
                        .json()
                        .get("paths")
                        .get("/api/ballots/{id}/schedule")
                        .get("post")
                        .get("responses")
                        .has("409"))
                .isTrue();
        assertThat(log(id, "SCHEDULED")).hasSize(1);
    }

    @Test
    void schedulingRefusedForWantOfAUsableTrusteesKeyLinksToTheTrusteesPageItNames_notToTheScheduleButton() {
        long id = draft("Scheduled without a key");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response keyless =
                pages.postForm("/ballots/" + id + "/schedule", Map.of("version", version(pages.get("/ballots/" + id))));

        assertThat(keyless.status()).as(keyless.body()).isEqualTo(400);
        assertThat(keyless.body())
                .contains("<a href=\"/ballots/" + id + "/trustees\">Votes are encrypted to the trustees&#39; keys,"
                        + " and this ballot has none yet");

        TrusteeKey careless = TrusteeKey.generate(new SecureRandom());
        String scrutineer = data.scrutineerToken();
        String trustees = "/api/ballots/" + id + "/trustees";
        assertThat(api.postJson(
                                trustees,
                                "{\"name\":\"Careless trustee\",\"key\":" + TestTrustee.publicKeyFile(careless) + "}",
                                scrutineer)
                        .status())
                .isEqualTo(201);
        assertThat(api.postJson(
                                trustees,
                                "{\"name\":\"Careless trustee\",\"key\":" + TestTrustee.privateKeyFile(careless) + "}",
                                scrutineer)
                        .status())
                .isEqualTo(400);
        Http.Response exposed =
                pages.postForm("/ballots/" + id + "/schedule", Map.of("version", version(pages.get("/ballots/" + id))));

        assertThat(exposed.status()).as(exposed.body()).isEqualTo(400);
        assertThat(exposed.body())
                .contains("<a href=\"/ballots/" + id + "/trustees\">The private key of the key given for Careless"
                        + " trustee was pasted");
        assertThat(log(id, "SCHEDULED")).isEmpty();
    }

    @Test
    void thePagesRefuseToChangeDeleteOrUnscheduleWhatTheyMayNotWithTheReason() {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        long open = existing("OPEN");
        Http.Response edit = pages.get("/ballots/" + open + "/edit");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.body()).contains("This ballot cannot be changed").contains("this ballot is OPEN");
        assertThat(pages.get("/ballots/" + open + "/delete").status()).isEqualTo(409);
        pages.get("/ballots/" + open);
        Http.Response delete = pages.postForm("/ballots/" + open + "/delete", Map.of());
        assertThat(delete.status()).isEqualTo(409);
        Http.Response unschedule = pages.postForm("/ballots/" + open + "/unschedule", Map.of());
        assertThat(unschedule.status()).isEqualTo(409);
        assertThat(unschedule.body()).contains("can no longer be unscheduled");
        assertThat(pages.get("/ballots/" + open + "/unschedule").status()).isEqualTo(409);
        assertThat(pages.get("/ballots/" + open).body())
                .doesNotContain("Change the draft")
                .doesNotContain("unschedule the ballot");
    }

    @Test
    void thePagesScheduleUnscheduleAndDeleteADraftWithABannerAfterEach() {
        long id = draft("Page journey");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response draftPage = pages.get("/ballots/" + id);
        assertThat(draftPage.body())
                .contains("id=\"roll-today\"")
                .contains("Change the draft")
                .contains("Delete the draft");

        TestTrustee.addTo(jdbc, id);
        assertThat(pages.postForm("/ballots/" + id + "/schedule", Map.of("version", version(draftPage)))
                        .status())
                .isEqualTo(302);
        Http.Response scheduled = pages.get("/ballots/" + id);
        assertThat(scheduled.body())
                .contains("govuk-notification-banner--success")
                .contains("The ballot is scheduled: it opens by itself on 17 June 2099 at 9:00am")
                .contains("unschedule the ballot")
                .doesNotContain("id=\"roll-today\"");
        assertThat(pages.get("/ballots/" + id).body()).doesNotContain("govuk-notification-banner");

        Http.Response unschedule = pages.get("/ballots/" + id + "/unschedule");
        assertThat(unschedule.body()).contains("Unschedule the ballot?");
        assertThat(pages.postForm("/ballots/" + id + "/unschedule", Map.of("version", version(unschedule)))
                        .status())
                .isEqualTo(302);
        assertThat(pages.get("/ballots/" + id).body())
                .contains("The ballot is a draft again")
                .contains("DRAFT")
                .contains("Returned to draft before opening");

        Http.Response confirm = pages.get("/ballots/" + id + "/delete");
        assertThat(confirm.body()).contains("Delete the draft?");
        Http.Response deleted = pages.postForm("/ballots/" + id + "/delete", Map.of("version", version(confirm)));
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(deleted.header("location")).endsWith("/ballots");
        assertThat(pages.get("/ballots").body()).contains("The draft \u201cPage journey\u201d was deleted");
        assertThat(pages.get("/ballots/" + id).status()).isEqualTo(404);
    }

    @Test
    void aDraftWhoseClosingTimeHasPassedIsSentToBeChangedAndIsScheduledOnceItClosesLater() {
        long id = draft("Left as a draft too long");
        TestTrustee.addTo(jdbc, id);
        // The clock ran on past the draft's whole window while it sat unscheduled.
        jdbc.sql("""
                        update ballots.ballot set opens_at = now() - interval '3 days',
                            roll_cutoff = now() - interval '2 days', closes_at = now() - interval '1 day'
                        where id = :id
                        """).param("id", id).update();
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response draftPage = pages.get("/ballots/" + id);

        Http.Response refused = pages.postForm("/ballots/" + id + "/schedule", Map.of("version", version(draftPage)));

        assertThat(refused.status()).as("a refused form, as elsewhere").isEqualTo(400);
        assertThat(refused.body())
                .contains("<title>Error: ")
                .contains("<a href=\"/ballots/" + id
                        + "/edit\">The closing time has passed: change the draft to close later</a>")
                .doesNotContain("create a new ballot")
                .as("the opening time has passed too, and scheduling would open it at once")
                .contains("id=\"opening-passed\"");
        assertThat(api.get("/api/ballots/" + id, admin).json().get("status").asString())
                .isEqualTo("DRAFT");

        String opened = version(pages.get("/ballots/" + id + "/edit"));
        assertThat(pages.postForm(
                                "/ballots/" + id + "/edit", withVersion(formFields("Left as a draft too long"), opened))
                        .status())
                .isEqualTo(302);
        Http.Response changed = pages.get("/ballots/" + id);
        assertThat(changed.body()).doesNotContain("id=\"opening-passed\"");
        assertThat(pages.postForm("/ballots/" + id + "/schedule", Map.of("version", version(changed)))
                        .status())
                .isEqualTo(302);
        assertThat(pages.get("/ballots/" + id).body())
                .contains("The ballot is scheduled: it opens by itself on 17 June 2099 at 9:00am")
                .contains("Scheduled to open on 17 June 2099 at 9:00am");
    }

    @Test
    void aDraftWhoseCutoffIsAtItsCloseIsNotScheduled_thePageAndTheApiNameTheCutoffAsSavingDoes() {
        long id = draft("Cut-off moved to the close");
        TestTrustee.addTo(jdbc, id);
        // As a draft saved before a cut-off at the close was refused: the table allows it, saving no longer does.
        jdbc.sql("update ballots.ballot set roll_cutoff = closes_at where id = :id")
                .param("id", id)
                .update();
        String refusal = "The roll cut-off must be before voting closes: a member added at the close could not vote";
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response page =
                pages.postForm("/ballots/" + id + "/schedule", Map.of("version", version(pages.get("/ballots/" + id))));

        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.body())
                .contains("<title>Error: ")
                .contains("<a href=\"/ballots/" + id + "/edit\">" + refusal + "</a>");
        Http.Response refused = api.postJson("/api/ballots/" + id + "/schedule", "{}", admin);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("rollCutoff");
        assertThat(error.get("message").asString()).isEqualTo(refusal);
        assertThat(api.get("/api/ballots/" + id, admin).json().get("status").asString())
                .isEqualTo("DRAFT");
        assertThat(log(id, "SCHEDULED")).isEmpty();
    }

    @Test
    void aBallotScheduledToOpenAtMidnightSaysItOpensAtMidnight_notOnMidnight() {
        Map<String, Object> settings = settings("Opens at midnight");
        // 23:00 UTC in June is 00:00 in UK time, the start of 17 June.
        settings.put("opensAt", "2099-06-16T23:00:00Z");
        Http.Response created = api.postJson("/api/ballots", settings, admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        TestTrustee.addTo(jdbc, id);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response draftPage = pages.get("/ballots/" + id);

        assertThat(pages.postForm("/ballots/" + id + "/schedule", Map.of("version", version(draftPage)))
                        .status())
                .isEqualTo(302);

        assertThat(pages.get("/ballots/" + id).body())
                .contains("The ballot is scheduled: it opens by itself at midnight at the start of 17 June 2099")
                .contains("Scheduled to open at midnight at the start of 17 June 2099")
                .doesNotContain("on midnight")
                .doesNotContain("open midnight");
    }

    @Test
    void publishingTheResultOnItsPageIsConfirmedWithABanner() {
        long id = data.closed("Published with a banner", List.of("Yes", "No"));
        data.roll(id, 4, 2, 1);
        String scrutineer = data.scrutineerToken();
        assertThat(api.postJson("/api/ballots/" + id + "/certification", Map.of("qualifications", ""), scrutineer)
                        .status())
                .isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/ballots/" + id + "/results");

        Http.Response published = pages.postForm("/ballots/" + id + "/publish", Map.of());

        assertThat(published.status()).isEqualTo(302);
        assertThat(pages.get("/ballots/" + id + "/results").body())
                .contains("govuk-notification-banner--success")
                .contains("You published the result");
        assertThat(pages.get("/ballots/" + id + "/results").body()).doesNotContain("You published the result");
    }

    /** The form as a browser sends it, for the settings above in UK time. */
    static Map<String, String> formFields(String title) {
        Map<String, String> fields = new HashMap<>();
        fields.put("title", title);
        fields.put("question", "Are you prepared to take action?");
        fields.put("options", "Yes\r\nNo");
        fields.put("ruleSet", "GP_PARTNERS_ENGLAND");
        fields.put("opensAtDay", "17");
        fields.put("opensAtMonth", "6");
        fields.put("opensAtYear", "2099");
        fields.put("opensAtTime", "09:00");
        fields.put("closesAtDay", "29");
        fields.put("closesAtMonth", "7");
        fields.put("closesAtYear", "2099");
        fields.put("closesAtTime", "12:00");
        fields.put("rollCutoffDay", "23");
        fields.put("rollCutoffMonth", "7");
        fields.put("rollCutoffYear", "2099");
        fields.put("rollCutoffTime", "23:59");
        fields.put("scrutineerName", "Independent Scrutineer Ltd");
        fields.put("senderAddress", "ballots@scrutineer.example");
        return fields;
    }

    /** The version of the draft a page carries in its form, empty if none. */
    static String version(Http.Response page) {
        Matcher found = VERSION.matcher(page.body());
        return found.find() ? found.group(1) : "";
    }

    static Map<String, String> withVersion(Map<String, String> fields, String version) {
        Map<String, String> form = new HashMap<>(fields);
        form.put("version", version);
        return form;
    }

    /** The fields an answer names, with what to fix in each. */
    static Map<String, String> problems(Http.Response answer) {
        Map<String, String> problems = new HashMap<>();
        for (JsonNode problem : answer.json().get("errors")) {
            problems.put(problem.get("field").asString(), problem.get("message").asString());
        }
        return problems;
    }

    List<String> log(long id, String action) {
        return jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = :action")
                .param("id", id)
                .param("action", action)
                .query(String.class)
                .list();
    }
}
