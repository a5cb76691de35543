package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.crypto.Ciphertext;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.ballots.crypto.TrusteeKeyJson;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Trustees through the API: only a scrutineer gives keys, only to a draft, only with a proof of possession that holds;
 * after the close only a share that decrypts this ballot's totals is taken, and the totals need every trustee's.
 */
@GpActionTest
class TrusteeApiTests {

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
    String admin;
    String scrutineer;

    @BeforeEach
    void tokens() {
        api = new Http(port);
        data = new ResultsTestData(jdbc, api);
        admin = data.adminToken();
        scrutineer = data.scrutineerToken();
    }

    @Test
    void requestsFromRolesThatMayNotSendThemAreRefusedBeforeTheirBodiesAreRead() {
        // Unreadable bodies: read, they would be a 400; refused by role first, they are a 403 saying who may.
        Http.Response roll = api.postJson("/api/ballots/1/roll", "{not json", admin);
        assertThat(roll.status()).as(roll.body()).isEqualTo(403);
        assertThat(roll.json().get("detail").asString()).isEqualTo("Only the scrutineer corrects a ballot's roll");
        String receptionist = data.token(
                data.staff("RECEPTIONIST", List.of(org.gpaction.support.TestPractices.add(jdbc))),
                ResultsTestData.PASSWORD);
        Http.Response create = api.postJson("/api/ballots", "{not json", receptionist);
        assertThat(create.status()).as(create.body()).isEqualTo(403);
        assertThat(create.json().get("detail").asString())
                .isEqualTo("Only administrators and scrutineers make ballots");

        Http adminPages = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response certify = adminPages.postForm("/ballots/1/certification", Map.of("confirm", "yes"));
        assertThat(certify.status()).isEqualTo(403);
        assertThat(certify.body()).isEqualTo("Only the scrutineer certifies a ballot's report");
    }

    @Test
    void onlyAScrutineerAddsAKeyToADraftAndOnlyOneWhoseProofHolds() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", "Keys " + UUID.randomUUID());
        settings.put("question", "Are you prepared to take action?");
        settings.put("ruleSet", "GP_PARTNERS_ENGLAND");
        settings.put("opensAt", "2099-06-17T08:00:00Z");
        settings.put("closesAt", "2099-07-29T11:00:00Z");
        settings.put("rollCutoff", "2099-07-23T22:59:00Z");
        settings.put("scrutineerName", "Independent Scrutineer Ltd");
        settings.put("senderAddress", "ballots@scrutineer.example");
        long id = api.postJson("/api/ballots", settings, admin).json().get("id").asLong();
        String path = "/api/ballots/" + id + "/trustees";

        assertThat(TestTrustee.addThroughApi(api, admin, id))
                .as("administrators cannot add keys")
                .isEqualTo(403);
        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", admin).body())
                .contains("this ballot has none yet");

        String forged = changeFirstResponse(TestTrustee.publicKeyFile());
        Http.Response badProof = api.postJson(path, "{\"name\":\"Mallory\",\"key\":" + forged + "}", scrutineer);
        assertThat(badProof.status()).isEqualTo(400);
        assertThat(badProof.body())
                .contains("proof of possession does not hold")
                .contains("\"field\":\"key\"");
        Http.Response notAKey = api.postJson(path, "{\"name\":\"Mallory\",\"key\":{\"format\":\"x\"}}", scrutineer);
        assertThat(notAKey.status()).isEqualTo(400);
        assertThat(notAKey.body()).contains("not a trustee public key file");
        for (String format : List.of("[]", "{}")) {
            Http.Response formatNoText =
                    api.postJson(path, "{\"name\":\"Mallory\",\"key\":{\"format\":" + format + "}}", scrutineer);
            assertThat(formatNoText.status()).as(formatNoText.body()).isEqualTo(400);
            assertThat(formatNoText.body())
                    .contains("not a trustee public key file")
                    .contains("found another");
        }
        String privateKeyFile = TestTrustee.privateKeyFile(TrusteeKey.generate(new SecureRandom()));
        Http.Response privateKey =
                api.postJson(path, "{\"name\":\"Careless\",\"key\":" + privateKeyFile + "}", scrutineer);
        assertThat(privateKey.status()).isEqualTo(400);
        assertThat(privateKey.body())
                .contains("That is your private key")
                .contains("treat it as exposed")
                .contains("make a new key pair");
        Http.Response noName =
                api.postJson(path, "{\"name\":\" \",\"key\":" + TestTrustee.publicKeyFile() + "}", scrutineer);
        assertThat(noName.body()).contains("\"field\":\"name\"");
        Http.Response nulName = api.postJson(
                path, "{\"name\":\"Care\\u0000less\",\"key\":" + TestTrustee.publicKeyFile() + "}", scrutineer);
        assertThat(nulName.status()).as(nulName.body()).isEqualTo(400);
        assertThat(nulName.body())
                .contains("\"field\":\"name\"")
                .contains("The name must not contain control characters");
        Http.Response misnamed =
                api.postJson(path, "{\"name\":\"Ann\",\"keyFile\":" + TestTrustee.publicKeyFile() + "}", scrutineer);
        assertThat(misnamed.status()).as(misnamed.body()).isEqualTo(400);
        assertThat(misnamed.json().get("errors").get(0).get("message").asString())
                .isEqualTo("keyFile is not a field this request takes: send key instead");
        assertThat(api.postJson(path, "{\"keyFile\":{}}", admin).status())
                .as("an administrator is refused before the body is read")
                .isEqualTo(403);
        assertThat(api.get(path, admin).json().get("trustees").size())
                .as("nothing refused was kept")
                .isZero();

        assertThat(TestTrustee.addThroughApi(api, scrutineer, id)).isEqualTo(201);
        TrusteeKey cancelling = TrusteeKey.fromSecret(
                org.gpaction.ballots.crypto.Group.N.subtract(TestTrustee.KEY.secret()), new SecureRandom());
        Http.Response toNothing = api.postJson(
                path, "{\"name\":\"Mallory\",\"key\":" + TestTrustee.publicKeyFile(cancelling) + "}", scrutineer);
        assertThat(toNothing.status())
                .as("a key that cancels the others' is refused")
                .isEqualTo(400);
        assertThat(toNothing.body()).contains("add up to nothing");
        Http.Response twice =
                api.postJson(path, "{\"name\":\"Again\",\"key\":" + TestTrustee.publicKeyFile() + "}", scrutineer);
        assertThat(twice.body()).contains("already one of this ballot's trustees' keys");
        assertThat(api.get(path, admin)
                        .json()
                        .get("trustees")
                        .get(0)
                        .get("publicKey")
                        .asString())
                .isEqualTo(TestTrustee.publicKey());

        assertThat(api.postJson("/api/ballots/" + id + "/schedule", "{}", admin).status())
                .isEqualTo(200);
        String other = TestTrustee.publicKeyFile(TrusteeKey.generate(new SecureRandom()));
        Http.Response late = api.postJson(path, "{\"name\":\"Late\",\"key\":" + other + "}", scrutineer);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("fixed once a ballot is scheduled");
        Http.Response privateLate = api.postJson(
                path,
                "{\"name\":\"Late\",\"key\":" + TestTrustee.privateKeyFile(TrusteeKey.generate(new SecureRandom()))
                        + "}",
                scrutineer);
        assertThat(privateLate.status()).isEqualTo(400);
        assertThat(privateLate.body())
                .as("a private key sent is named as exposed whatever the ballot's stage")
                .contains("That is your private key (trustee-private.json)");
        assertThat(api.delete(path + "/" + TestTrustee.publicKey(), scrutineer).status())
                .isEqualTo(409);
    }

    @Test
    void aKeyWhosePrivateHalfWasPastedIsNeverTakenAfterwards_forThisBallotOrAnother() {
        long first = draft();
        long second = draft();
        TrusteeKey pastedAsKey = TrusteeKey.generate(new SecureRandom());
        TrusteeKey pastedAsShare = TrusteeKey.generate(new SecureRandom());
        TrusteeKey victim = TrusteeKey.generate(new SecureRandom());
        TrusteeKey liar = TrusteeKey.generate(new SecureRandom());
        // A private key file whose "public" names someone else's key: only the key the secret gives is exposed.
        var lying = TrusteeKeyJson.privateKey(liar);
        lying.set("public", TrusteeKeyJson.publicKey(victim.publicKey()));

        assertThat(addKey(first, "Careless", TestTrustee.privateKeyFile(pastedAsKey))
                        .status())
                .isEqualTo(400);
        assertThat(api.postJson(
                                "/api/ballots/" + first + "/shares",
                                TestTrustee.privateKeyFile(pastedAsShare),
                                scrutineer)
                        .status())
                .isEqualTo(400);
        assertThat(addKey(first, "Liar", lying.toString()).status()).isEqualTo(400);

        for (TrusteeKey exposed : List.of(pastedAsKey, pastedAsShare, liar)) {
            for (long ballot : new long[] {first, second}) {
                Http.Response refused = addKey(ballot, "Careless", TestTrustee.publicKeyFile(exposed));
                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                assertThat(refused.json().get("errors").get(0).get("message").asString())
                        .startsWith("The private key of this public key was pasted into GP Action on ")
                        .contains("so the key pair is exposed and must never be used")
                        .endsWith("Make a new key pair on your own computer with java -jar gp-action.jar trustee keygen"
                                + " --out my-new-ballot-key and paste the new trustee-public.json");
            }
        }
        assertThat(trustees(first)).as("no exposed key was taken").isZero();
        assertThat(trustees(second)).isZero();
        assertThat(addKey(second, "Victim", TestTrustee.publicKeyFile(victim)).status())
                .as("a key named in a pasted file but whose secret was not in it is not exposed")
                .isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from ballots.exposed_trustee_key where public_key = :key")
                        .param("key", RecordJson.point(victim.publicKey().key()))
                        .query(Long.class)
                        .single())
                .isZero();

        TrusteeKey addedThenPasted = TrusteeKey.generate(new SecureRandom());
        assertThat(addKey(first, "Later careless", TestTrustee.publicKeyFile(addedThenPasted))
                        .status())
                .isEqualTo(201);
        assertThat(addKey(first, "Later careless", TestTrustee.privateKeyFile(addedThenPasted))
                        .status())
                .isEqualTo(400);
        Http.Response schedule = api.postJson("/api/ballots/" + first + "/schedule", "{}", admin);
        assertThat(schedule.status()).as(schedule.body()).isEqualTo(400);
        assertThat(schedule.body())
                .contains("The private key of the key given for Later careless was pasted into GP Action after the key"
                        + " was added, so it is exposed and must never be used");
    }

    @Test
    void withTwoTrusteesOnlySharesThatDecryptThisBallotsTotalsAreTakenAndTheResultNeedsBoth() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        TrusteeKey second = TrusteeKey.generate(new SecureRandom());
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        TestTrustee.addKey(jdbc, ballot, "Second trustee", "test", second, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            casting.cast(fixtures.credential(ballot, "TWO-" + i + "-" + UUID.randomUUID()), i < 3 ? 0 : 1);
        }
        long otherBallot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(otherBallot, "OTHER-" + UUID.randomUUID()), 0);
        fixtures.closeNow(ballot);
        fixtures.closeNow(otherBallot);
        tallying.tally(ballot);
        tallying.tally(otherBallot);
        String sharePath = "/api/ballots/" + ballot + "/shares";
        long stillOpen = fixtures.openBallot(Duration.ofHours(1));
        Http.Response beforeTheClose =
                api.postJson("/api/ballots/" + stillOpen + "/shares", TestTrustee.share(jdbc, ballot), scrutineer);
        assertThat(beforeTheClose.status()).as("as documented, not yet: 409").isEqualTo(409);
        assertThat(beforeTheClose.body()).contains("once voting has closed");
        java.nio.file.Path noRecord = java.nio.file.Files.createTempFile("no-record-", ".json");
        assertThat(api.download("/api/ballots/" + stillOpen + "/record", scrutineer, noRecord))
                .isEqualTo(409);
        assertThat(java.nio.file.Files.readString(noRecord))
                .as("told why, as a problem document")
                .contains("\"status\":409")
                .contains("The encrypted totals are not made yet");
        java.nio.file.Files.delete(noRecord);

        Http.Response fromAnotherBallot = api.postJson(sharePath, TestTrustee.share(jdbc, otherBallot), scrutineer);
        assertThat(fromAnotherBallot.status()).isEqualTo(400);
        assertThat(fromAnotherBallot.body()).contains("does not decrypt this ballot's totals");
        String good = TestTrustee.share(jdbc, ballot);
        String altered = changeFirstResponse(good);
        assertThat(api.postJson(sharePath, altered, scrutineer).body())
                .contains("does not decrypt this ballot's totals");
        String onePartMore = shareWithOneMorePart(second, ballot);
        assertThat(api.postJson(sharePath, onePartMore, scrutineer).body())
                .contains("This share has 3 parts and this ballot has 2 options");
        Http.Response privateKey = api.postJson(sharePath, TestTrustee.privateKeyFile(second), scrutineer);
        assertThat(privateKey.status()).isEqualTo(400);
        assertThat(privateKey.body()).contains("That is your private key").contains("treat it as exposed");
        String stranger = TestTrustee.share(jdbc, ballot, TrusteeKey.generate(new SecureRandom()));
        assertThat(api.postJson(sharePath, stranger, scrutineer).body())
                .contains("not one of this ballot's trustees' keys");
        assertThat(api.postJson(sharePath, good, admin).status())
                .as("administrators cannot")
                .isEqualTo(403);
        assertThat(storedShares(ballot)).as("nothing refused was stored").isZero();

        Http.Response first = api.postJson(sharePath, good, scrutineer);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("decrypted").asBoolean()).isFalse();
        Http.Response notYet = api.get("/api/ballots/" + ballot + "/results", admin);
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.body()).contains("1 of 2 so far");
        Http.Response again = api.postJson(sharePath, good, scrutineer);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("share is in already");

        Http.Response both = api.postJson(sharePath, TestTrustee.share(jdbc, ballot, second), scrutineer);
        assertThat(both.status()).as(both.body()).isEqualTo(201);
        Http.Response privateAfter = api.postJson(sharePath, TestTrustee.privateKeyFile(second), scrutineer);
        assertThat(privateAfter.status()).isEqualTo(400);
        assertThat(privateAfter.body())
                .as("a private key sent after the totals are decrypted is still named as exposed")
                .contains("private key");
        assertThat(both.json().get("totals").toString()).isEqualTo("[3,2]");
        assertThat(api.get("/api/ballots/" + ballot + "/results", admin)
                        .json()
                        .get("options")
                        .get(0)
                        .get("votes")
                        .asLong())
                .isEqualTo(3);
        assertThat(storedShares(ballot)).isEqualTo(2);
    }

    @Test
    void removingAKeyTheBallotDoesNotHaveIsNotFound_namingTheKey_andNothingChanges() {
        long id = draft("Removals");
        assertThat(TestTrustee.addThroughApi(api, scrutineer, id)).isEqualTo(201);
        String path = "/api/ballots/" + id + "/trustees";
        String etag = api.get("/api/ballots/" + id, admin).header("etag");
        String stranger = RecordJson.point(
                TrusteeKey.generate(new SecureRandom()).publicKey().key());

        Http.Response unknownKey = api.delete(path + "/" + stranger, scrutineer);

        assertThat(unknownKey.status()).as(unknownKey.body()).isEqualTo(404);
        assertThat(unknownKey.json().get("detail").asString())
                .isEqualTo("Ballot " + id + " has no trustee whose public key is " + stranger);
        Http.Response notHex = api.delete(path + "/not-a-key", scrutineer);
        assertThat(notHex.status()).as(notHex.body()).isEqualTo(404);
        assertThat(notHex.json().get("detail").asString())
                .isEqualTo("Ballot " + id + " has no trustee whose public key is that: a public key is written in"
                        + " hexadecimal digits, as the ballot's list of trustees gives it");
        Http.Response noBallot = api.delete("/api/ballots/" + Long.MAX_VALUE + "/trustees/" + stranger, scrutineer);
        assertThat(noBallot.status()).as(noBallot.body()).isEqualTo(404);
        assertThat(noBallot.json().get("detail").asString()).isEqualTo("There is no ballot " + Long.MAX_VALUE);
        Http pages = data.signedIn(port, data.scrutineer());
        Http.Response onThePage = pages.postForm(
                "/ballots/" + id + "/trustees/remove",
                Map.of(
                        "publicKey",
                        stranger,
                        "version",
                        DraftChangesTests.version(pages.get("/ballots/" + id + "/trustees"))));
        assertThat(onThePage.status()).as(onThePage.body()).isEqualTo(404);
        assertThat(onThePage.body())
                .contains("That key cannot be removed")
                .contains("Ballot " + id + " has no trustee whose public key is " + stranger);
        assertThat(api.get(path, admin).json().get("trustees").size())
                .as("the ballot's key stays")
                .isEqualTo(1);
        assertThat(api.get("/api/ballots/" + id, admin).header("etag"))
                .as("the draft's version is unchanged")
                .isEqualTo(etag);

        tools.jackson.databind.JsonNode removal = new Http(port)
                .get("/api/openapi.json")
                .json()
                .get("paths")
                .get("/api/ballots/{id}/trustees/{publicKey}")
                .get("delete")
                .get("responses");
        assertThat(removal.get("404").get("description").asString())
                .isEqualTo("No such ballot, or the ballot has no trustee with that public key");
        assertThat(removal.get("400").get("description").asString()).isEqualTo("If-Match is not one ETag or *");
    }

    private long draft(String title) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", title + " " + UUID.randomUUID());
        settings.put("question", "Are you prepared to take action?");
        settings.put("ruleSet", "GP_PARTNERS_ENGLAND");
        settings.put("opensAt", "2099-06-17T08:00:00Z");
        settings.put("closesAt", "2099-07-29T11:00:00Z");
        settings.put("rollCutoff", "2099-07-23T22:59:00Z");
        settings.put("scrutineerName", "Independent Scrutineer Ltd");
        settings.put("senderAddress", "ballots@scrutineer.example");
        return api.postJson("/api/ballots", settings, admin).json().get("id").asLong();
    }

    @Test
    void theShareAndRecordEndpointsAreDocumentedAsTheyAreSentAndAnswer() {
        tools.jackson.databind.JsonNode paths =
                new Http(port).get("/api/openapi.json").json().get("paths");
        tools.jackson.databind.JsonNode share =
                paths.get("/api/ballots/{id}/shares").get("post");
        assertThat(share.get("requestBody").get("required").asBoolean()).isTrue();
        assertThat(share.get("requestBody").get("content").has("application/json"))
                .isTrue();
        assertThat(share.get("requestBody").get("content").has("text/plain")).isTrue();
        tools.jackson.databind.JsonNode record =
                paths.get("/api/ballots/{id}/record").get("get").get("responses");
        assertThat(record.has("200")).isTrue();
        assertThat(record.has("404")).as("no such ballot").isTrue();
        assertThat(record.has("409")).isTrue();
        assertThat(record.has("503"))
                .as("too many records being written at once")
                .isTrue();
        assertThat(record.get("503").get("headers").has("Retry-After")).isTrue();
    }

    @Test
    void theTrusteesPageSaysWhatKindsOfPaperWereSpoiltAndThatTrusteesDoNotDecryptThem() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        for (int i = 0; i < 2; i++) {
            casting.cast(fixtures.credential(ballot, "KINDS-" + i + "-" + UUID.randomUUID()), 0);
        }
        int copied = jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        select gen_random_uuid(), ballot_id, encrypted,
                               sha256(convert_to(cast(gen_random_uuid() as text), 'UTF8')), cast_on
                        from ballots.ballot_paper where ballot_id = :ballot
                        order by tracker limit 1
                        """).param("ballot", ballot).update();
        assertThat(copied).isEqualTo(1);
        TestTrustee.forgedPaper(jdbc, ballot);
        fixtures.closeNow(ballot);
        tallying.tally(ballot);

        Http adminPages = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = adminPages.get("/ballots/" + ballot + "/trustees");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().replaceAll("\\s+", " "))
                .contains("with <strong>2</strong> spoilt (<span id=\"spoilt-why\">1 a copy of an earlier paper, 1"
                        + " whose proofs fail</span>)")
                .doesNotContain("because their proofs failed")
                .contains("a spoilt paper was added or changed outside voting")
                .contains("--expect-spoilt");
    }

    @Test
    void theTrusteesPagesRecordIsNamedForWhatItHolds_beforeDecryptionAndOnceTheTotalsAreDecrypted() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "NAMED-" + UUID.randomUUID()), 0);
        fixtures.closeNow(ballot);
        tallying.tally(ballot);
        Http adminPages = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String record = "/ballots/" + ballot + "/trustees/record.zip";

        Http.Response before = adminPages.get(record);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"ballot-" + ballot + "-record-before-decryption.zip\"");
        assertThat(adminPages.get("/ballots/" + ballot + "/trustees").body())
                .contains("id=\"record-before-decryption\"")
                .doesNotContain("id=\"record-whole\"");

        Http.Response share =
                api.postJson("/api/ballots/" + ballot + "/shares", TestTrustee.share(jdbc, ballot), scrutineer);
        assertThat(share.status()).as(share.body()).isEqualTo(201);

        Http.Response after = adminPages.get(record);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("Content-Disposition"))
                .as("the record now holds the shares and the result")
                .isEqualTo("attachment; filename=\"ballot-" + ballot + "-record.zip\"");
        String page = adminPages.get("/ballots/" + ballot + "/trustees").body();
        assertThat(page).doesNotContain("before-decryption").contains("id=\"record-whole\"");
        assertThat(page.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ")).contains("Download the whole record");
    }

    @Test
    void theTrusteesPageSaysWhenTheTotalsWereDecryptedInASentenceThatReadsAtMidnightToo() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "MIDNIGHT-" + UUID.randomUUID()), 0);
        fixtures.closeNow(ballot);
        tallying.tally(ballot);
        Http.Response share =
                api.postJson("/api/ballots/" + ballot + "/shares", TestTrustee.share(jdbc, ballot), scrutineer);
        assertThat(share.status()).as(share.body()).isEqualTo(201);
        jdbc.sql("update ballots.ballot set decrypted_at = timestamptz '2026-12-01 00:00:00+00' where id = :id")
                .param("id", ballot)
                .update();

        String words = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD)
                .get("/ballots/" + ballot + "/trustees")
                .body()
                .replaceAll("<[^>]+>", "")
                .replaceAll("\\s+", " ");
        assertThat(words)
                .contains("Every trustee's share is in. They decrypted the totals at midnight at the start of"
                        + " 1 December 2026 (UK time) to Yes: 1")
                .doesNotContain("On midnight");
    }

    @Test
    void theTrusteesPageCountsTheSharesInWordsThatReadForOneTrustee() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "SHARES-" + UUID.randomUUID()), 0);
        fixtures.closeNow(ballot);
        tallying.tally(ballot);

        Http adminPages = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String words = adminPages
                .get("/ballots/" + ballot + "/trustees")
                .body()
                .replaceAll("<[^>]+>", "")
                .replaceAll("\\s+", " ");
        assertThat(words)
                .contains("Decryption shares received: 0 of 1.")
                .doesNotContain("trustees' decryption shares are in");
    }

    @Test
    void sharesWhoseProofsHoldButWhichDoNotDecryptToACountAreRefusedWithWhatToDo_andNothingIsStored() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            casting.cast(fixtures.credential(ballot, "COUNT-" + i + "-" + UUID.randomUUID()), 0);
        }
        fixtures.closeNow(ballot);
        tallying.tally(ballot);
        // Someone with the database says fewer papers were counted than the totals hold.
        int changed = jdbc.sql("""
                        update ballots.ballot set tally = regexp_replace(tally, '"ballotsCounted" : 3', '"ballotsCounted" : 1')
                        where id = :id and tally like '%"ballotsCounted" : 3%'
                        """).param("id", ballot).update();
        assertThat(changed).isEqualTo(1);

        Http.Response refused =
                api.postJson("/api/ballots/" + ballot + "/shares", TestTrustee.share(jdbc, ballot), scrutineer);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .contains("do not decrypt to between 0 and 1 votes")
                .contains("Stop and investigate");
        assertThat(storedShares(ballot)).isZero();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aPastedPrivateKeyAndARefusedShareAreLoggedWithWhoWhoseKeyAndWhy_neverWhatWasSent(CapturedOutput output) {
        String scrutineerEmail = data.scrutineer();
        String token = data.token(scrutineerEmail, ResultsTestData.PASSWORD);
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        // Not the tests' own trustee: a key whose private half is pasted is never taken again, by any test.
        TrusteeKey careless = TrusteeKey.generate(new SecureRandom());
        TestTrustee.addKey(jdbc, ballot, "Careless trustee", "test", careless, Duration.ofSeconds(1));
        long otherBallot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "AUDIT-" + UUID.randomUUID()), 0);
        casting.cast(fixtures.credential(otherBallot, "AUDIT-" + UUID.randomUUID()), 1);
        fixtures.closeNow(ballot);
        fixtures.closeNow(otherBallot);
        tallying.tally(ballot);
        tallying.tally(otherBallot);
        String sharePath = "/api/ballots/" + ballot + "/shares";
        String privateKey = TestTrustee.privateKeyFile(careless);
        String fromAnotherBallot = TestTrustee.share(jdbc, otherBallot);

        assertThat(api.postJson(sharePath, privateKey, token).status()).isEqualTo(400);
        assertThat(api.postJson(sharePath, fromAnotherBallot, token).status()).isEqualTo(400);
        assertThat(api.postJson(sharePath, "{\"format\":\"not a share\"}", token)
                        .status())
                .isEqualTo(400);
        TrusteeKey stranger = TrusteeKey.generate(new SecureRandom());
        Http.Response asKey = api.postJson(
                "/api/ballots/" + ballot + "/trustees",
                "{\"name\":\"Careless\",\"key\":" + TestTrustee.privateKeyFile(stranger) + "}",
                token);
        assertThat(asKey.status()).isEqualTo(400);

        String publicKey = TestTrustee.publicKey();
        String carelessKey = RecordJson.point(careless.publicKey().key());
        assertThat(log(ballot, "PRIVATE_KEY_EXPOSED"))
                .satisfiesExactly(
                        share -> assertThat(share)
                                .startsWith(scrutineerEmail + " | Careless trustee's private key (public key "
                                        + carelessKey + ") was pasted as a decryption share")
                                .contains("treat it as exposed"),
                        key -> assertThat(key)
                                .startsWith(scrutineerEmail + " | A private key (public key "
                                        + RecordJson.point(stranger.publicKey().key())
                                        + ", not one of this ballot's trustees' keys) was pasted as a trustee's public"
                                        + " key")
                                .contains("treat it as exposed"));
        assertThat(log(ballot, "SHARE_REFUSED"))
                .containsExactly(
                        scrutineerEmail + " | " + TestTrustee.NAME + "'s decryption share (key " + publicKey
                                + ") was refused: its proof of correct decryption fails for option 1, so it does not"
                                + " decrypt this ballot's totals. Nothing was stored",
                        scrutineerEmail + " | A file sent as a decryption share was refused: it is not a decryption"
                                + " share file. Nothing was stored");
        assertThat(storedShares(ballot)).as("nothing refused was stored").isZero();

        List<String> sent = List.of(
                TestTrustee.secretIn(privateKey),
                TestTrustee.secretIn(TestTrustee.privateKeyFile(stranger)),
                firstResponse(fromAnotherBallot));
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :ballot")
                        .param("ballot", ballot)
                        .query(String.class)
                        .list())
                .as("the log says whose key and why, never what was sent")
                .noneMatch(detail -> sent.stream().anyMatch(detail::contains));
        assertThat(output.getAll()
                        .lines()
                        .filter(line -> line.contains("Ballot " + ballot + ": "))
                        .filter(line -> line.contains("private key") || line.contains("decryption share")))
                .anyMatch(line -> line.contains(
                        "pasted a trustee's private key as a decryption share (public key " + carelessKey))
                .anyMatch(line ->
                        line.contains("decryption share sent by " + scrutineerEmail + " was refused (key " + publicKey))
                .hasSize(4)
                .allMatch(line -> line.contains("WARN"));
        assertThat(output.getAll()).doesNotContain(sent.get(0), sent.get(1), sent.get(2));

        Http pages = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/ballots/" + ballot).body())
                .as("the ballot's page shows them in its log")
                .contains("Private key exposed")
                .contains("Share refused");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aShareThatIsNotJsonAtAllIsRefusedAndWrittenDownAsEveryRefusedShareIs(CapturedOutput output) throws Exception {
        String scrutineerEmail = data.scrutineer();
        String token = data.token(scrutineerEmail, ResultsTestData.PASSWORD);
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "UNREAD-" + UUID.randomUUID()), 0);
        fixtures.closeNow(ballot);
        tallying.tally(ballot);
        String sharePath = "/api/ballots/" + ballot + "/shares";
        // Letters and digits only, which a JSON parser's own message would quote whole as the token it did not know.
        String sent = "sent" + UUID.randomUUID().toString().replace("-", "");

        String refused = scrutineerEmail + " | A file sent as a decryption share was refused: ";
        Http.Response notJson = api.postJson(sharePath, sent + " share.json", token);
        assertThat(notJson.status()).as(notJson.body()).isEqualTo(400);
        assertThat(log(ballot, "SHARE_REFUSED"))
                .as("written down as a share that is JSON but not a share is")
                .containsExactly(refused + "it is not a decryption share file. Nothing was stored");
        assertThat(notJson.json().get("detail").asString())
                .as("says what is wrong and where, never repeating what was sent")
                .isEqualTo("That is not a decryption share file (The share is not JSON: what is near line 1, column 1"
                        + " is not valid JSON): paste the whole of the file that trustee decrypt wrote");
        Http.Response cutShort = api.postJson(sharePath, "{\"format\":\"" + sent + "\",\n\"parts\":[", token);
        assertThat(cutShort.json().get("detail").asString())
                .contains("The share is not JSON: it ends near line 2, column 10 before its JSON value is complete")
                .doesNotContain(sent);
        Http.Response otherFormat = api.postJson(sharePath, "{\"format\":\"" + sent + "\"}", token);
        assertThat(otherFormat.json().get("detail").asString())
                .contains("Expected format gp-action-decryption-share/1, found another")
                .doesNotContain(sent);
        Http.Response tooLong = api.postJson(sharePath, "\"" + sent + "a".repeat(1_000_000) + "\"", token);
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(413);
        assertThat(tooLong.json().get("detail").asString())
                .isEqualTo("The request body must be at most 1,000,000 bytes");
        HttpResponse<String> asXml = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + sharePath))
                                .header("Content-Type", "application/xml")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(TestTrustee.share(jdbc, ballot)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(asXml.statusCode()).as(asXml.body()).isEqualTo(415);
        assertThat(asXml.body()).contains("\"detail\":\"Send the request body as application/json or text/plain\"");

        assertThat(log(ballot, "SHARE_REFUSED"))
                .containsExactly(
                        refused + "it is not a decryption share file. Nothing was stored",
                        refused + "it is not a decryption share file. Nothing was stored",
                        refused + "it is not a decryption share file. Nothing was stored",
                        refused + "it is too long to be one. Nothing was stored",
                        refused + "it was sent as neither application/json nor text/plain. Nothing was stored");
        assertThat(storedShares(ballot)).isZero();
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :ballot")
                        .param("ballot", ballot)
                        .query(String.class)
                        .list())
                .as("the log says why, never what was sent")
                .noneMatch(detail -> detail.contains(sent));
        assertThat(output.getAll()
                        .lines()
                        .filter(line -> line.contains("Ballot " + ballot + ": a decryption share sent by "
                                + scrutineerEmail + " was refused (key not read)")))
                .hasSize(5)
                .allMatch(line -> line.contains("WARN"));
        assertThat(output.getAll()).doesNotContain(sent);
    }

    @Test
    void aPrivateKeySentAsPlainTextIsRecognisedAndRecordedAsExposed_andAShareSentSoIsTaken() throws Exception {
        String scrutineerEmail = data.scrutineer();
        String token = data.token(scrutineerEmail, ResultsTestData.PASSWORD);
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "PLAIN-" + UUID.randomUUID()), 0);
        fixtures.closeNow(ballot);
        tallying.tally(ballot);
        TrusteeKey careless = TrusteeKey.generate(new SecureRandom());
        String carelessKey = RecordJson.point(careless.publicKey().key());

        HttpResponse<String> privateKey = postText(ballot, TestTrustee.privateKeyFile(careless), token);

        assertThat(privateKey.statusCode()).as(privateKey.body()).isEqualTo(400);
        assertThat(privateKey.body()).contains("That is your private key").contains("treat it as exposed");
        assertThat(jdbc.sql("select count(*) from ballots.exposed_trustee_key where public_key = :key")
                        .param("key", carelessKey)
                        .query(Long.class)
                        .single())
                .as("its public key is recorded as exposed")
                .isEqualTo(1);
        assertThat(log(ballot, "PRIVATE_KEY_EXPOSED"))
                .singleElement()
                .asString()
                .startsWith(scrutineerEmail + " | A private key (public key " + carelessKey)
                .contains("was pasted as a decryption share");
        assertThat(addKey(draft(), "Careless", TestTrustee.publicKeyFile(careless))
                        .status())
                .as("and refused for any ballot afterwards")
                .isEqualTo(400);

        HttpResponse<String> share = postText(ballot, TestTrustee.share(jdbc, ballot), token);
        assertThat(share.statusCode()).as(share.body()).isEqualTo(201);
        assertThat(storedShares(ballot)).isEqualTo(1);
    }

    private HttpResponse<String> postText(long ballot, String body, String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/api/ballots/" + ballot + "/shares"))
                                .header("Content-Type", "text/plain; charset=UTF-8")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private long draft() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("title", "Keys " + UUID.randomUUID());
        settings.put("question", "Are you prepared to take action?");
        settings.put("ruleSet", "GP_PARTNERS_ENGLAND");
        settings.put("opensAt", "2099-06-17T08:00:00Z");
        settings.put("closesAt", "2099-07-29T11:00:00Z");
        settings.put("rollCutoff", "2099-07-23T22:59:00Z");
        settings.put("scrutineerName", "Independent Scrutineer Ltd");
        settings.put("senderAddress", "ballots@scrutineer.example");
        return api.postJson("/api/ballots", settings, admin).json().get("id").asLong();
    }

    private Http.Response addKey(long ballot, String name, String keyFile) {
        return api.postJson(
                "/api/ballots/" + ballot + "/trustees",
                "{\"name\":\"" + name + "\",\"key\":" + keyFile + "}",
                scrutineer);
    }

    private int trustees(long ballot) {
        return api.get("/api/ballots/" + ballot + "/trustees", admin)
                .json()
                .get("trustees")
                .size();
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

    private static String firstResponse(String file) {
        java.util.regex.Matcher response = java.util.regex.Pattern.compile("\"response\"\\s*:\\s*\"([0-9a-f]+)\"")
                .matcher(file);
        assertThat(response.find()).as(file).isTrue();
        return response.group(1);
    }

    /** A share whose proofs hold, for the ballot's totals and one made-up total more. */
    private String shareWithOneMorePart(TrusteeKey key, long ballot) {
        return TestTrustee.share(jdbc, ballot, key, totals -> {
            List<Ciphertext> oneMore = new ArrayList<>(totals);
            oneMore.add(totals.get(0));
            return oneMore;
        });
    }

    /** The same file with the last digit of its first proof's response changed. */
    private static String changeFirstResponse(String file) {
        java.util.regex.Matcher response = java.util.regex.Pattern.compile(
                        "\"response\"\\s*:\\s*\"[0-9a-f]*([0-9a-f])\"")
                .matcher(file);
        assertThat(response.find()).as(file).isTrue();
        char last = file.charAt(response.start(1));
        return file.substring(0, response.start(1)) + (last == '1' ? '2' : '1') + file.substring(response.end(1));
    }

    private long storedShares(long ballot) {
        return jdbc.sql("select count(*) from ballots.decryption_share where ballot_id = :id")
                .param("id", ballot)
                .query(Long.class)
                .single();
    }
}
