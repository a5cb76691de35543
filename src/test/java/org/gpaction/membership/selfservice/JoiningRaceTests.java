package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gpaction.common.SecretTokens;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** One confirmation link opened in many tabs at once makes exactly one member. */
@GpActionTest
class JoiningRaceTests {

    static final int THREADS = 16;

    @Autowired
    Joining joining;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @RepeatedTest(5)
    void aConfirmationLinkSubmittedSixteenTimesAtOnceMakesExactlyOneMember() throws Exception {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String email = "race." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String gmc = String.valueOf(4000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 5000000));
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

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Joining.Confirmation>>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return joining.confirm(token);
            }));
        }
        start.countDown();
        int joined = 0;
        int refused = 0;
        for (Future<Optional<Joining.Confirmation>> result : results) {
            Optional<Joining.Confirmation> confirmation = result.get();
            if (confirmation.isPresent()) {
                assertThat(confirmation.get().outcome()).isEqualTo(Joining.Outcome.JOINED);
                joined++;
            } else {
                refused++;
            }
        }
        pool.shutdown();
        assertThat(joined).isEqualTo(1);
        assertThat(refused).isEqualTo(THREADS - 1);
        assertThat(jdbc.sql("select count(*) from membership.member where gmc_number = :gmc")
                        .param("gmc", gmc)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }
}
