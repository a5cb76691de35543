package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A voter who presses Confirm twice sees only the second answer: it shows the receipt the first recorded, to that page
 * in that session only, and never after the close.
 */
@GpActionTest
class RepeatedConfirmTests {

    private static final Pattern PAGE = Pattern.compile("name=\"page\" value=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern RECEIPT = Pattern.compile("id=\"receipt\">([A-Z2-7-]+)<");

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void aConfirmSentTwiceFromOnePageShowsTheSameReceiptBothTimesAndRecordsOneVote() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "TWICE-" + UUID.randomUUID());
        Http browser = new Http(port);
        Map<String, String> confirm = checkPage(browser, token);

        Http.Response first = browser.postForm("/vote/" + token + "/confirm", confirm);
        Http.Response second = browser.postForm("/vote/" + token + "/confirm", confirm);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status())
                .as("the second answer, the one the browser shows")
                .isEqualTo(200);
        assertThat(second.body()).contains("Your vote has been recorded");
        assertThat(receipt(second)).isEqualTo(receipt(first));
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    @Test
    void anotherSessionOrAnotherPageConfirmingTheUsedLinkIsToldItWasUsedAndShownNoReceipt() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "ELSEWHERE-" + UUID.randomUUID());
        Http voter = new Http(port);
        Map<String, String> otherPage = checkPage(voter, token);
        Map<String, String> votingPage = checkPage(voter, token);
        Http someoneElse = new Http(port);
        Map<String, String> theirPage = checkPage(someoneElse, token);

        String receipt = receipt(voter.postForm("/vote/" + token + "/confirm", votingPage));

        // The same page's value sent from another session, and another session's own page, find nothing kept.
        for (Http.Response refused : List.of(
                someoneElse.postForm("/vote/" + token + "/confirm", withCsrf(votingPage, theirPage)),
                someoneElse.postForm("/vote/" + token + "/confirm", theirPage),
                voter.postForm("/vote/" + token + "/confirm", otherPage))) {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body())
                    .contains("This link has already been used")
                    .doesNotContain(receipt);
        }
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    @RepeatedTest(5)
    void twoConfirmsSentTogetherFromOnePageBothShowTheOneReceipt() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "DOUBLE-" + UUID.randomUUID());
        Http browser = new Http(port);
        Map<String, String> confirm = checkPage(browser, token);

        ExecutorService clicks = Executors.newFixedThreadPool(2);
        CountDownLatch together = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(clicks.submit(() -> {
                together.await();
                return browser.postForm("/vote/" + token + "/confirm", confirm);
            }));
        }
        together.countDown();
        Http.Response one = answers.get(0).get();
        Http.Response other = answers.get(1).get();
        clicks.shutdown();

        assertThat(List.of(one.status(), other.status())).containsExactly(200, 200);
        assertThat(receipt(one)).isEqualTo(receipt(other));
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    @Test
    void theKeptReceiptIsSealedAndGoesAtTheClose() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "CLOSE-" + UUID.randomUUID());
        Http browser = new Http(port);
        Map<String, String> confirm = checkPage(browser, token);
        String receipt = receipt(browser.postForm("/vote/" + token + "/confirm", confirm));

        byte[] sealed = jdbc.sql("select sealed from ballots.kept_receipt where ballot_id = :ballot")
                .param("ballot", ballot)
                .query(byte[].class)
                .single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .doesNotContain(receipt)
                .doesNotContain(receipt.replace("-", ""));
        assertThat(jdbc.sql("""
                        select k.kept_until <= b.closes_at and k.kept_until <= now() + interval '10 minutes'
                        from ballots.kept_receipt k join ballots.ballot b on b.id = k.ballot_id
                        where k.ballot_id = :ballot
                        """).param("ballot", ballot).query(Boolean.class).single())
                .isTrue();

        fixtures.closeNow(ballot);

        assertThat(jdbc.sql("select count(*) from ballots.kept_receipt where ballot_id = :ballot")
                        .param("ballot", ballot)
                        .query(Long.class)
                        .single())
                .isZero();
        Http.Response afterTheClose = browser.postForm("/vote/" + token + "/confirm", confirm);
        assertThat(afterTheClose.status()).isEqualTo(409);
        assertThat(afterTheClose.body()).doesNotContain(receipt);
    }

    /** The check page's Confirm form for the first option, as the voter's browser would send it. */
    static Map<String, String> checkPage(Http browser, String token) {
        return checkPage(browser, token, 0);
    }

    /** The check page's Confirm form for the option at {@code choice}, as the voter's browser would send it. */
    static Map<String, String> checkPage(Http browser, String token, int choice) {
        browser.get("/vote/" + token);
        Http.Response check = browser.postForm("/vote/" + token + "/check", Map.of("choice", String.valueOf(choice)));
        assertThat(check.status()).as(check.body()).isEqualTo(200);
        Map<String, String> form =
                new HashMap<>(Map.of("choice", String.valueOf(choice), "_csrf", found(CSRF, check.body())));
        // Sent as the page has it: a page without the value sends none.
        Matcher page = PAGE.matcher(check.body());
        if (page.find()) {
            form.put("page", page.group(1).replace("&#45;", "-"));
        }
        return form;
    }

    /** The page's Confirm form with the CSRF token of another's session, as that session would send it. */
    private static Map<String, String> withCsrf(Map<String, String> form, Map<String, String> session) {
        Map<String, String> sent = new HashMap<>(form);
        sent.put("_csrf", session.get("_csrf"));
        return sent;
    }

    private static String receipt(Http.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return found(RECEIPT, answer.body());
    }

    private static String found(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        assertThat(matcher.find()).as("%s in %s", pattern, body).isTrue();
        return matcher.group(1).replace("&#45;", "-");
    }
}
