package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The settings API's version, the HTTP way: GET gives the set-up's version as its ETag, a PUT with If-Match saves only
 * over that version and otherwise answers 412 naming the version now (or, before the set-up is made, saying to send
 * without If-Match) and changing nothing, and a PUT without If-Match saves as it always did.
 */
@GpActionTest
class SettingsVersionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http http;
    String path;
    String manager;

    @BeforeEach
    void aPracticeSetUpWithOneGp() {
        http = new Http(port);
        SafeWorkingPractice practice = new CapacityTestData(jdbc, http).practiceSetUpWith(oneGp("GP 1", 25));
        path = "/api/practices/" + practice.ods() + "/capacity/settings";
        manager = practice.managerToken();
    }

    @Test
    void aPutWithTheETagGetGaveSaves_andOneWithAnOlderETagIsRefusedNamingTheVersionNow() {
        Http.Response read = http.get(path, manager);
        String etag = read.header("ETag");
        assertThat(etag).as(read.headers().toString()).matches("\"[0-9]+\"");

        Http.Response saved = http.putJson(path, oneGp("GP 1", 20), manager, Map.of("If-Match", etag));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        String next = saved.header("ETag");
        assertThat(next).isNotEqualTo(etag).isEqualTo(http.get(path, manager).header("ETag"));

        Http.Response refused = http.putJson(path, oneGp("GP 1", 5), manager, Map.of("If-Match", etag));
        assertThat(refused.status()).as(refused.body()).isEqualTo(412);
        String now = next.substring(1, next.length() - 1);
        assertThat(refused.json().get("currentVersion").asLong()).isEqualTo(Long.parseLong(now));
        assertThat(refused.json().get("detail").asString())
                .contains("version " + now)
                .contains("If-Match " + next);
        assertThat(refused.header("ETag")).isEqualTo(next);
        assertThat(dailyCap()).as("nothing was changed").isEqualTo(20);
        assertThat(http.get(path, manager).header("ETag")).isEqualTo(next);
    }

    @Test
    void anIfMatchBeforeTheSettingsAreSetUpIsRefusedSayingToSendWithoutIt_andChangesNothing() {
        CapacityTestData data = new CapacityTestData(jdbc, http);
        String ods = data.practice(5000);
        String notSetUp = "/api/practices/" + ods + "/capacity/settings";
        String token = data.practiceManagerToken(ods);

        for (String ifMatch : List.of("\"3\"", "\"0\"", "*")) {
            Http.Response refused = http.putJson(notSetUp, oneGp("GP 1", 5), token, Map.of("If-Match", ifMatch));
            assertThat(refused.status()).as(ifMatch + ": " + refused.body()).isEqualTo(412);
            assertThat(refused.json().get("detail").asString())
                    .as(ifMatch)
                    .isEqualTo("Safe working is not set up for " + ods + " yet, so no version matches If-Match and"
                            + " nothing was saved: send the settings without If-Match");
            assertThat(refused.json().has("currentVersion")).as(ifMatch).isFalse();
            assertThat(refused.header("ETag")).as(ifMatch).isNull();
        }
        assertThat(http.get(notSetUp, token).status()).as("nothing was saved").isEqualTo(404);
        assertThat(http.putJson(notSetUp, oneGp("GP 1", 5), token).status()).isEqualTo(200);
    }

    @Test
    void aPutWithoutIfMatchSavesWhateverTheVersion() {
        http.putJson(path, oneGp("GP 1", 20), manager);

        Http.Response saved = http.putJson(path, oneGp("GP 1", 12), manager);

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(dailyCap()).isEqualTo(12);
    }

    @Test
    void anIfMatchThatIsNotOneETagIsAQuestionToFix_andChangesNothing() {
        for (String ifMatch : List.of("12", "\"1\", \"2\"", "\"x\"")) {
            Http.Response refused = http.putJson(path, oneGp("GP 1", 5), manager, Map.of("If-Match", ifMatch));
            assertThat(refused.status()).as(ifMatch + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).as(ifMatch).startsWith("If-Match must be");
        }
        assertThat(dailyCap()).isEqualTo(25);
    }

    /**
     * If-Match is read by RFC 9110's entity-tag syntax, as the ballots API reads it: only the ETag as GET gave it
     * names the version, and a tag that is not one GET gives (signed, padded, spaced or weak) is refused.
     */
    @Test
    void anIfMatchThatIsNotTheETagAsGetGaveItIsRefused_asTheBallotsApiRefusesIt() {
        String etag = http.get(path, manager).header("ETag");
        String version = etag.substring(1, etag.length() - 1);
        for (String ifMatch : List.of(
                "\"+" + version + "\"",
                "\"-" + version + "\"",
                "\"0" + version + "\"",
                "\" " + version + " \"",
                "W/" + etag,
                version)) {
            Http.Response refused = http.putJson(path, oneGp("GP 1", 5), manager, Map.of("If-Match", ifMatch));
            assertThat(refused.status()).as(ifMatch + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).as(ifMatch).startsWith("If-Match must be");
        }
        assertThat(dailyCap()).as("nothing was saved").isEqualTo(25);
        assertThat(http.putJson(path, oneGp("GP 1", 5), manager, Map.of("If-Match", etag))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void ofTwoPutsWithTheSameIfMatchSentTogetherExactlyOneSaves() throws Exception {
        List<Integer> outcomes = new ArrayList<>();
        ExecutorService managers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String etag = http.get(path, manager).header("ETag");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Http.Response>> puts = new ArrayList<>();
                for (int cap : List.of(10 + round, 20 + round)) {
                    puts.add(managers.submit(() -> {
                        go.await(30, TimeUnit.SECONDS);
                        return http.putJson(path, oneGp("GP 1", cap), manager, Map.of("If-Match", etag));
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                Integer savedCap = null;
                for (int i = 0; i < puts.size(); i++) {
                    Http.Response answer = puts.get(i).get(60, TimeUnit.SECONDS);
                    statuses.add(answer.status());
                    if (answer.status() == 200) {
                        savedCap = answer.json()
                                .get("clinicians")
                                .get(0)
                                .get("dailyCap")
                                .asInt();
                    }
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 412);
                assertThat(dailyCap()).as("the one saved, round " + round).isEqualTo(savedCap);
                outcomes.addAll(statuses);
            }
        } finally {
            managers.shutdownNow();
        }
        assertThat(outcomes).as("both outcomes happened").contains(200, 412);
    }

    private int dailyCap() {
        JsonNode settings = http.get(path, manager).json();
        return settings.get("clinicians").get(0).get("dailyCap").asInt();
    }

    private static Map<String, Object> oneGp(String label, int cap) {
        return settings(List.of(clinician(label, cap, EVERY_DAY)), allDay(), "CLOSE", 0);
    }
}
