package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** POST /api/vote as another client sees it: every answer, its headers, and what bad input gets. */
@GpActionTest
class VoteApiTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @LocalServerPort
    int port;

    VotingFixtures fixtures;
    AttemptsFromHere attempts;

    @BeforeEach
    void fixtures() {
        fixtures = new VotingFixtures(jdbc);
        attempts = new AttemptsFromHere(jdbc, networks);
        forgetUnknownLinks();
    }

    @AfterEach
    void forgetUnknownLinks() {
        attempts.forget("VOTING_LINK");
    }

    @Test
    void aVoteIsCountedOnceAndEveryRefusalSaysWhy() {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String token = fixtures.credential(ballot, "API-" + UUID.randomUUID());
        Http http = new Http(port);

        Http.Response counted = http.postJson("/api/vote", Map.of("token", token, "choice", "No"));
        assertThat(counted.status()).isEqualTo(201);
        assertThat(counted.json().get("receipt").asString()).matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){12}");
        assertThat(counted.header("cache-control")).isEqualTo("no-store");
        assertThat(counted.header("content-type")).startsWith("application/json");
        assertThat(counted.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(counted.header("content-security-policy")).contains("default-src 'self'");

        Http.Response again = http.postJson("/api/vote", Map.of("token", token, "choice", "Yes"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("content-type")).startsWith("application/problem+json");
        assertThat(again.json().get("detail").asString())
                .isEqualTo("This link has already been used to vote. If you did not vote, tell the scrutineer at once:"
                        + " ballots@scrutineer.example");
        Http.Response usedPage = http.get("/vote/" + token);
        assertThat(usedPage.status()).isEqualTo(409);
        assertThat(usedPage.body())
                .contains("This link has already been used", "If you did not vote", "tell the scrutineer at once")
                .contains("mailto:ballots@scrutineer.example");
        assertThat(fixtures.papers(ballot)).isEqualTo(1);

        String other = fixtures.credential(ballot, "API-" + UUID.randomUUID());
        Http.Response badChoice = http.postJson("/api/vote", Map.of("token", other, "choice", "Maybe"));
        assertThat(badChoice.status()).isEqualTo(400);
        assertThat(badChoice.json().get("detail").asString()).isEqualTo("choice must be one of Yes, No");

        long later = fixtures.ballotWithWindow(
                Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200));
        Http.Response early = http.postJson(
                "/api/vote", Map.of("token", fixtures.credential(later, "API-" + UUID.randomUUID()), "choice", "Yes"));
        assertThat(early.status()).isEqualTo(403);
        assertThat(early.json().get("detail").asString())
                .containsPattern("^Voting opens (on \\d{1,2} [A-Z][a-z]+ \\d{4} at |at midnight)");
        long over = fixtures.ballotWithWindow(
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(1));
        Http.Response late = http.postJson(
                "/api/vote", Map.of("token", fixtures.credential(over, "API-" + UUID.randomUUID()), "choice", "Yes"));
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.json().get("detail").asString())
                .containsPattern("^Voting closed (on \\d{1,2} [A-Z][a-z]+ \\d{4} at |at midnight)");
        assertThat(fixtures.papers(later) + fixtures.papers(over)).isZero();
    }

    @Test
    void badRequestsAreRefusedNamingWhatToFixAndChangeNothing() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String token = fixtures.credential(ballot, "API-" + UUID.randomUUID());

        assertThat(raw("application/json", "{\"token\": ")).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(problem(response).get("detail").asString()).contains("line 1");
        });
        HttpResponse<String> noToken = raw("application/json", "{\"choice\":\"Yes\"}");
        assertThat(noToken.statusCode()).isEqualTo(400);
        assertThat(problem(noToken).get("errors").get(0).get("field").asString())
                .isEqualTo("token");
        assertThat(noToken.body()).contains("token is required");
        HttpResponse<String> noChoice = raw("application/json", "{\"token\":\"" + token + "\"}");
        assertThat(problem(noChoice).get("errors").get(0).get("field").asString())
                .isEqualTo("choice");
        assertThat(noChoice.body()).contains("choice is required");
        HttpResponse<String> listed = raw("application/json", "{\"token\":\"" + token + "\",\"choice\":[\"Yes\"]}");
        assertThat(listed.statusCode()).isEqualTo(400);
        assertThat(problem(listed).get("errors").get(0).get("field").asString()).isEqualTo("choice");
        assertThat(listed.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
        HttpResponse<String> notAnOption =
                raw("application/json", "{\"token\":\"" + token + "\",\"choice\":\"Perhaps\"}");
        assertThat(notAnOption.statusCode()).isEqualTo(400);
        assertThat(problem(notAnOption).get("errors").get(0).get("field").asString())
                .isEqualTo("choice");
        assertThat(notAnOption.body()).contains("choice must be one of");
        HttpResponse<String> text = raw("text/plain", "token=" + token);
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
        assertThat(new Http.Response(text.statusCode(), Map.of(), text.body())
                        .json()
                        .get("acceptedTypes")
                        .toString())
                .isEqualTo("[\"application/json\"]");
        HttpResponse<String> large =
                raw("application/json", "{\"token\":\"" + "A".repeat(2048) + "\",\"choice\":\"Yes\"}");
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(new Http.Response(large.statusCode(), Map.of(), large.body())
                        .json()
                        .get("maxBytes")
                        .asInt())
                .isEqualTo(1024);
        assertThat(new Http(port).get("/api/vote").status()).isEqualTo(405);
        assertThat(fixtures.papers(ballot)).isZero();
        assertThat(new Http(port)
                        .postJson("/api/vote", Map.of("token", token, "choice", "Yes"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aRetryOfTheSameVoteWithItsIdempotencyKeyIsGivenTheSameReceiptAndNothingElseIs() {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String token = fixtures.credential(ballot, "RETRY-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        Map<String, String> vote = Map.of("token", token, "choice", "Yes");
        Http http = new Http(port);

        Http.Response first = http.postJson("/api/vote", vote, null, Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String receipt = first.json().get("receipt").asString();
        Http.Response retried = http.postJson("/api/vote", vote, null, Map.of("Idempotency-Key", key));
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.json().get("receipt").asString()).isEqualTo(receipt);
        assertThat(fixtures.papers(ballot)).isEqualTo(1);

        // Only the same link, key and choice find it: the link alone, another key or another choice are told it was
        // used, and shown no receipt.
        for (Http.Response other : List.of(
                http.postJson("/api/vote", vote),
                http.postJson(
                        "/api/vote",
                        vote,
                        null,
                        Map.of("Idempotency-Key", UUID.randomUUID().toString())),
                http.postJson(
                        "/api/vote", Map.of("token", token, "choice", "No"), null, Map.of("Idempotency-Key", key)))) {
            assertThat(other.status()).isEqualTo(409);
            assertThat(other.body()).doesNotContain(receipt).contains("already been used");
        }
        byte[] sealed = jdbc.sql("select sealed from ballots.kept_receipt where ballot_id = :ballot")
                .param("ballot", ballot)
                .query(byte[].class)
                .single();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(receipt)
                .doesNotContain(receipt.replace("-", ""));

        fixtures.closeNow(ballot);
        Http.Response afterTheClose = http.postJson("/api/vote", vote, null, Map.of("Idempotency-Key", key));
        assertThat(afterTheClose.status()).isEqualTo(409);
        assertThat(afterTheClose.body()).doesNotContain(receipt);
    }

    @Test
    void anIdempotencyKeyTooShortToBeSecretOrTooLongIsRefusedNamingItsLengthsAndChangesNothing() {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String token = fixtures.credential(ballot, "RETRY-" + UUID.randomUUID());
        Http http = new Http(port);

        for (String weak : List.of(
                "1", "retry", "x".repeat(21), "a b c d e f g h i j k l m n", "x".repeat(SecretTokens.MAX_LENGTH + 1))) {
            Http.Response refused = http.postJson(
                    "/api/vote", Map.of("token", token, "choice", "Yes"), null, Map.of("Idempotency-Key", weak));
            assertThat(refused.status()).as(weak).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("Idempotency-Key");
            assertThat(refused.json().get("detail").asString())
                    .as("the lengths the check takes")
                    .contains("Idempotency-Key must be 22 to " + SecretTokens.MAX_LENGTH + " random letters");
        }
        assertThat(fixtures.papers(ballot)).isZero();
        assertThat(http.postJson(
                                "/api/vote",
                                Map.of("token", token, "choice", "Yes"),
                                null,
                                Map.of("Idempotency-Key", "A".repeat(22)))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void unknownLinksFromOneAddressArePausedAfterThirty() {
        Http http = new Http(port);
        for (int i = 0; i < 30; i++) {
            assertThat(http.postJson("/api/vote", Map.of("token", SecretTokens.generate(), "choice", "Yes"))
                            .status())
                    .isEqualTo(404);
        }
        Http.Response refused = http.postJson("/api/vote", Map.of("token", SecretTokens.generate(), "choice", "Yes"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After"))
                .as("how long until the oldest unknown link counted leaves the 15 minutes")
                .matches("[1-9][0-9]*")
                .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 900L));
    }

    @Test
    void anUnknownLinkPageRefusedForTooManySaysInHowManyMinutesToTryAgain_withRetryAfter() {
        Http http = new Http(port);
        for (int i = 0; i < 30; i++) {
            assertThat(http.get("/vote/" + SecretTokens.generate()).status()).isEqualTo(404);
        }
        // Tried 10 minutes ago, so the address may try again in 5 of the window's 15.
        attempts.age("VOTING_LINK", Duration.ofMinutes(10));

        Http.Response refused = http.get("/vote/" + SecretTokens.generate());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After"))
                .matches("[1-9][0-9]*")
                .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(240L, 300L));
        assertThat(refused.body().replaceAll("\\s+", " "))
                .contains("Wait 5 minutes and try again")
                .doesNotContain("15 minutes");
    }

    @Test
    void aRealLinkStillWorksFromAnAddressPausedForUnknownOnes() {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String onThePage = fixtures.credential(ballot, "SHARED-" + UUID.randomUUID());
        String throughTheApi = fixtures.credential(ballot, "SHARED-" + UUID.randomUUID());
        Http http = new Http(port);
        for (int i = 0; i < 30; i++) {
            assertThat(http.get("/vote/" + SecretTokens.generate()).status()).isEqualTo(404);
        }
        assertThat(http.get("/vote/" + SecretTokens.generate()).status()).isEqualTo(429);
        assertThat(http.postJson("/api/vote", Map.of("token", SecretTokens.generate(), "choice", "Yes"))
                        .status())
                .isEqualTo(429);

        Http.Response question = http.get("/vote/" + onThePage);
        assertThat(question.status()).isEqualTo(200);
        assertThat(http.postForm("/vote/" + onThePage + "/check", Map.of("choice", "0"))
                        .status())
                .isEqualTo(200);
        Http.Response receipt = http.postForm("/vote/" + onThePage + "/confirm", Map.of("choice", "0"));
        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.body()).containsPattern("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
        assertThat(http.postJson("/api/vote", Map.of("token", throughTheApi, "choice", "No"))
                        .status())
                .isEqualTo(201);
        assertThat(fixtures.papers(ballot)).isEqualTo(2);
        assertThat(http.get("/vote/" + SecretTokens.generate()).status()).isEqualTo(429);
    }

    @Test
    void theApiDescriptionListsTheVote() {
        Http.Response description = new Http(port).get("/api/openapi.json");
        assertThat(description
                        .json()
                        .get("paths")
                        .get("/api/vote")
                        .get("post")
                        .get("responses")
                        .has("201"))
                .isTrue();
        assertThat(description
                        .json()
                        .get("paths")
                        .get("/api/vote")
                        .get("post")
                        .get("responses")
                        .propertyNames())
                .contains("413", "415");
        assertThat(description
                        .json()
                        .get("paths")
                        .get("/api/vote")
                        .get("post")
                        .get("parameters")
                        .findValuesAsString("description"))
                .as("the retry key's lengths, as the check takes them")
                .anySatisfy(text -> assertThat(text).startsWith("22 to " + SecretTokens.MAX_LENGTH + " random"));
    }

    private static tools.jackson.databind.JsonNode problem(HttpResponse<String> response) {
        return new Http.Response(response.statusCode(), Map.of(), response.body()).json();
    }

    private HttpResponse<String> raw(String contentType, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/vote"))
                                .header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
