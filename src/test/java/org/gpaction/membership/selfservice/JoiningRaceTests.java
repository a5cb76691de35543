package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.common.SecretTokens;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.members.MembershipProperties;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * One confirmation link opened in many tabs at once makes exactly one member, and every tab but the one that made it
 * says the person has joined.
 */
@GpActionTest
class JoiningRaceTests {

    static final int THREADS = 16;

    static final int TABS = 4;

    private static final String ROLL_LOCK = "select pg_advisory_xact_lock(hashtext('membership.roll'))";

    @LocalServerPort
    int port;

    @Autowired
    JoinConfirmations confirmations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    DataSource dataSource;

    @Autowired
    MembershipProperties properties;

    @RepeatedTest(5)
    void aConfirmationLinkSubmittedSixteenTimesAtOnceMakesExactlyOneMember() throws Exception {
        String gmc = gmc();
        String token = pendingJoin(gmc);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<JoinConfirmations.Confirmation>>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return confirmations.confirm(token);
            }));
        }
        start.countDown();
        int joined = 0;
        int refused = 0;
        for (Future<Optional<JoinConfirmations.Confirmation>> result : results) {
            Optional<JoinConfirmations.Confirmation> confirmation = result.get();
            if (confirmation.isPresent()) {
                assertThat(confirmation.get().outcome()).isEqualTo(JoinConfirmations.Outcome.JOINED);
                joined++;
            } else {
                refused++;
            }
        }
        pool.shutdown();
        assertThat(joined).isEqualTo(1);
        assertThat(refused).isEqualTo(THREADS - 1);
        assertThat(membersWith(gmc)).isEqualTo(1);
    }

    @RepeatedTest(3)
    void confirmAndJoinPressedInFourTabsAtOnceJoinsOnce_andEveryOtherTabSaysTheyHaveJoined() throws Exception {
        String gmc = gmc();
        String token = pendingJoin(gmc);
        Http browser = new Http(port);
        assertThat(browser.get("/join/confirm/" + token).status()).isEqualTo(200);

        ExecutorService pool = Executors.newFixedThreadPool(TABS + 1);
        List<Future<Http.Response>> results = new ArrayList<>();
        // The roll is held, as by an import, until all four presses wait for it: then they race for the link.
        try (Connection importing = holding(dataSource, ROLL_LOCK)) {
            // Something else waits for the roll too (another member's change, say), as may happen at any time.
            Future<?> other = pool.submit(() -> {
                try (Connection waiting = dataSource.getConnection()) {
                    waiting.setAutoCommit(false);
                    try (PreparedStatement patient = waiting.prepareStatement("set local lock_timeout = 0");
                            PreparedStatement roll = waiting.prepareStatement(ROLL_LOCK)) {
                        patient.execute();
                        roll.execute();
                    }
                    waiting.commit();
                }
                return null;
            });
            await("another waiting for the roll")
                    .atMost(seenWithin())
                    .until(() -> !LockWaits.waitingBackends(jdbc, ROLL_LOCK).isEmpty());
            // Whatever waits already is not a press: the presses are the waiters that come after, and every one of
            // them must be seen waiting, none answered, before the roll is let go. Another waiter arriving meanwhile
            // can only be counted as one more, never stop the race being seen.
            Set<Integer> before = LockWaits.waitingBackends(jdbc, ROLL_LOCK);
            for (int i = 0; i < TABS; i++) {
                Http tab = browser.sameBrowserOn(port);
                results.add(pool.submit(() -> tab.postForm("/join/confirm/" + token, Map.of())));
            }
            // A press waits for the roll no longer than the roll wait once there: seen waiting by then, or answered.
            await("all four presses waiting for the roll")
                    .atMost(seenWithin())
                    .failFast(
                            "a press was answered before the roll was let go",
                            () -> results.stream().anyMatch(Future::isDone))
                    .until(() -> LockWaits.waitingBackends(jdbc, ROLL_LOCK).stream()
                                    .filter(backend -> !before.contains(backend))
                                    .count()
                            >= TABS);
            importing.commit();
            other.get(seenWithin().toMillis(), TimeUnit.MILLISECONDS);
        }
        int joined = 0;
        int joinedAlready = 0;
        for (Future<Http.Response> result : results) {
            Http.Response answer = result.get(seenWithin().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            if (answer.body().contains("<h1 class=\"govuk-panel__title\">You have joined</h1>")) {
                joined++;
            } else {
                assertThat(answer.body()).contains("<title>You have already joined");
                joinedAlready++;
            }
        }
        pool.shutdown();
        assertThat(joined).as("one tab joins").isEqualTo(1);
        assertThat(joinedAlready).as("the others say so").isEqualTo(TABS - 1);
        assertThat(membersWith(gmc)).isEqualTo(1);
    }

    /** A request to join whose email has gone, with the link it carried. */
    private String pendingJoin(String gmc) {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String email = "race." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at)
                        values (:hash, cast(:details as jsonb), :now, :expires)
                        """)
                .param("hash", SecretTokens.hash(token))
                .param(
                        "details",
                        json.writeValueAsString(
                                new JoinDetails("Rae", "Cer", gmc, email, PracticeRole.SALARIED, practice)))
                .param("now", Timestamp.from(Instant.now()))
                .param("expires", Timestamp.from(Instant.now().plus(1, ChronoUnit.HOURS)))
                .update();
        return token;
    }

    private int membersWith(String gmc) {
        return jdbc.sql("select count(*) from membership.member where gmc_number = :gmc")
                .param("gmc", gmc)
                .query(Integer.class)
                .single();
    }

    private static String gmc() {
        return String.valueOf(4000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 5000000));
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
