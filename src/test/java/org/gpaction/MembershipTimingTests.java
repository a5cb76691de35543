package org.gpaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How long the answer takes must not tell a member from a stranger: "update your details" and "missing your
 * ballot?" are asked for a member and for a stranger in turn over HTTP, and the two sets of times are compared.
 * Between requests the test waits until the work each left behind (mail, queued requests) is done, so that it
 * does not slow the next request down and lengthen the other side's times.
 */
@GpActionTest
class MembershipTimingTests {

    static final int WARM_UP = 40;
    static final int MEASURED = 60;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Autowired
    Clock clock;

    @Test
    void askingForADetailsLinkTakesAsLongForAStrangerAsForAMember() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        Voter member = fixtures.member(null);
        String stranger = TestMailbox.uniqueAddress("stranger");
        Http browser = new Http(port);
        browser.get("/my-details");

        java.util.function.Supplier<Times> measured = () -> measure(
                email -> {
                    Http.Response answer = browser.postForm("/my-details", Map.of("email", email));
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.body()).contains("Check your email");
                    return answer.body().replace(email, "");
                },
                member.email(),
                stranger);

        Times times = measured.get();
        times.report("details link");
        if (!times.alike()) {
            // A shared 2-core machine sometimes stalls one side of a run (GC, another process). A difference that
            // comes from the code shows again in a second run; a stall does not. So one more run decides.
            times = measured.get();
            times.report("details link, measured again");
        }
        times.assertAlike();
        assertThat(TestMailbox.messagesTo(member.email()))
                .isNotEmpty()
                .allMatch(message -> message.subject().equals("Sign in to update your details"));
        assertThat(TestMailbox.messagesTo(stranger)).isEmpty();
    }

    /**
     * Past its network address's limit, a request for a sign-in link is looked up as it is asked: a member's address
     * is still sent its link, a stranger's nothing. Only the first few links in the window to the member's address (3,
     * as for any address) queue an email, a difference in the work the README owns up to; after those, the member's
     * answer and the stranger's do the same work. The address stays past its limit throughout.
     */
    @Test
    void pastTheAddressLimitAskingForADetailsLinkTakesAsLongForAStrangerAsForAMemberOnceTheMembersLinksHaveGone() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        Voter member = fixtures.member(null);
        String stranger = TestMailbox.uniqueAddress("stranger");
        AttemptsFromHere here = new AttemptsFromHere(jdbc, networks);
        here.forget("DETAILS_LINK_REQUEST");
        try {
            here.tried("DETAILS_LINK_REQUEST", 60, clock.instant());
            Http browser = new Http(port);
            browser.get("/my-details");

            Supplier<Times> measured = () -> measure(
                    email -> {
                        Http.Response answer = browser.postForm("/my-details", Map.of("email", email));
                        assertThat(answer.status()).isEqualTo(200);
                        assertThat(answer.body()).contains("Check your email");
                        return answer.body().replace(email, "");
                    },
                    member.email(),
                    stranger,
                    () -> assertThat(here.count("DETAILS_LINK_REQUEST"))
                            .as("the address past its limit")
                            .isEqualTo(60));

            Times times = measured.get();
            times.report("details link past the address limit");
            if (!times.alike()) {
                // A shared 2-core machine sometimes stalls one side of a run (GC, another process). A difference that
                // comes from the code shows again in a second run; a stall does not. So one more run decides.
                times = measured.get();
                times.report("details link past the address limit, measured again");
            }
            times.assertAlike();
            assertThat(TestMailbox.messagesTo(member.email()))
                    .as("the member's three links in the window, all sent during the warm-up")
                    .hasSize(3)
                    .allMatch(message -> message.subject().equals("Sign in to update your details"));
            assertThat(TestMailbox.messagesTo(stranger)).isEmpty();
        } finally {
            here.forget("DETAILS_LINK_REQUEST");
        }
    }

    @Test
    void askingForAReplacementBallotLinkTakesAsLongForAStrangerAsForAMember() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        Voter stranger = new Voter("NOBODY" + (System.nanoTime() % 100000), "7654321", TestMailbox.uniqueAddress("x"));
        Http http = new Http(port);

        java.util.function.Supplier<Times> measured = () -> measure(
                email -> {
                    Voter asking = email.equals(member.email()) ? member : stranger;
                    Http.Response answer = http.postJson(
                            "/api/ballots/replacement-requests",
                            Map.of(
                                    "membershipNumber",
                                    asking.number(),
                                    "gmcNumber",
                                    asking.gmc(),
                                    "email",
                                    asking.email()));
                    assertThat(answer.status()).isEqualTo(202);
                    return answer.body();
                },
                member.email(),
                stranger.email());

        Times times = measured.get();
        times.report("replacement link");
        if (!times.alike()) {
            // A shared 2-core machine sometimes stalls one side of a run (GC, another process). A difference that
            // comes from the code shows again in a second run; a stall does not. So one more run decides.
            times = measured.get();
            times.report("replacement link, measured again");
        }
        times.assertAlike();
        assertThat(TestMailbox.messagesTo(member.email()))
                .isNotEmpty()
                .allMatch(message -> message.subject().startsWith("Your new ballot link"));
        assertThat(TestMailbox.messagesTo(stranger.email())).isEmpty();
    }

    interface Ask {
        /** Asks for the address and returns the answer with anything that names the asker taken out. */
        String ask(String email);
    }

    private Times measure(Ask ask, String member, String stranger) {
        return measure(ask, member, stranger, this::forgetRequests);
    }

    /** As above, with {@code beforeEach} run before each request instead of forgetting the requests counted. */
    private Times measure(Ask ask, String member, String stranger, Runnable beforeEach) {
        List<Double> members = new ArrayList<>();
        List<Double> strangers = new ArrayList<>();
        String answer = null;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            String email = i % 2 == 0 ? member : stranger;
            beforeEach.run();
            long start = System.nanoTime();
            String body = ask.ask(email);
            double millis = (System.nanoTime() - start) / 1e6;
            if (answer == null) {
                answer = body;
            }
            assertThat(body).as("the same answer for both").isEqualTo(answer);
            if (i >= WARM_UP) {
                (email.equals(member) ? members : strangers).add(millis);
            }
            awaitQuiet(member, stranger);
        }
        return new Times(members, strangers);
    }

    private void forgetRequests() {
        jdbc.sql("""
                        delete from common.failed_attempt
                        where kind in ('DETAILS_LINK_REQUEST', 'REPLACEMENT_REQUEST', 'REPLACEMENT_FOR_MEMBER',
                            'REPLACEMENT_ASKED_JUST_NOW')
                        """).update();
    }

    private void awaitQuiet(String member, String stranger) {
        Supplier<Long> pending = () -> jdbc.sql("""
                        select (select count(*) from notifications.outbox
                                where status = 'PENDING' and recipient in (:member, :stranger))
                             + (select count(*) from ballots.replacement_inbox)
                        """)
                .param("member", member)
                .param("stranger", stranger)
                .query(Long.class)
                .single();
        await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> pending.get() == 0);
    }

    record Times(List<Double> members, List<Double> strangers) {

        double memberMedian() {
            return median(members);
        }

        double strangerMedian() {
            return median(strangers);
        }

        /**
         * The Mann-Whitney rank-sum statistic as a z-score: near 0 when neither side tends to take longer, beyond
         * about 3.3 either way once in a thousand runs by chance.
         */
        double rankSumZ() {
            int n1 = members.size();
            int n2 = strangers.size();
            double[] all = new double[n1 + n2];
            for (int i = 0; i < n1; i++) {
                all[i] = members.get(i);
            }
            for (int i = 0; i < n2; i++) {
                all[n1 + i] = strangers.get(i);
            }
            double[] sorted = all.clone();
            Arrays.sort(sorted);
            double memberRanks = 0;
            for (int i = 0; i < n1; i++) {
                memberRanks += rank(sorted, all[i]);
            }
            double u = memberRanks - n1 * (n1 + 1) / 2.0;
            double mean = n1 * n2 / 2.0;
            double sd = Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12.0);
            return (u - mean) / sd;
        }

        void report(String what) {
            System.out.printf(
                    "TIMING %s: member median %.2f ms (n=%d), stranger median %.2f ms (n=%d), rank-sum z %.2f%n",
                    what, memberMedian(), members.size(), strangerMedian(), strangers.size(), rankSumZ());
        }

        boolean alike() {
            double member = memberMedian();
            double stranger = strangerMedian();
            return Math.abs(member - stranger) <= Math.max(1.5, 0.25 * Math.max(member, stranger))
                    && Math.abs(rankSumZ()) < 3.3;
        }

        void assertAlike() {
            double member = memberMedian();
            double stranger = strangerMedian();
            double allowed = Math.max(1.5, 0.25 * Math.max(member, stranger));
            assertThat(Math.abs(member - stranger))
                    .as("medians %.2f ms (member) and %.2f ms (stranger)", member, stranger)
                    .isLessThanOrEqualTo(allowed);
            assertThat(Math.abs(rankSumZ()))
                    .as("rank-sum z of member against stranger times")
                    .isLessThan(3.3);
        }

        private static double rank(double[] sorted, double value) {
            int first = Arrays.binarySearch(sorted, value);
            while (first > 0 && sorted[first - 1] == value) {
                first--;
            }
            int last = first;
            while (last + 1 < sorted.length && sorted[last + 1] == value) {
                last++;
            }
            return (first + last) / 2.0 + 1;
        }

        private static double median(List<Double> values) {
            double[] sorted =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
