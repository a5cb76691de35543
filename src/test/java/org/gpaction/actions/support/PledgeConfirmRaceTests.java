package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Two links for one person's pledge at one practice, opened together: one confirms it, the other is refused. */
@GpActionTest
class PledgeConfirmRaceTests {

    static final String PRACTICE = "C84667";

    @Autowired
    PledgeConfirmations confirmations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void twoLinksForOnePledgeConfirmedTogetherConfirmItOnce() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String email = "twice-" + UUID.randomUUID() + "@pledge-race.test";
                List<String> tokens = List.of(pending(email), pending(email));
                int r = round;
                List<Future<Optional<PledgeConfirmations.Opened>>> answers = new ArrayList<>();
                transaction.executeWithoutResult(held -> {
                    // The pledges are held here: the first confirmation takes the lock on this address's pledges and
                    // waits for its pledge, and the other waits for that lock, until both are seen waiting.
                    jdbc.sql("select id from actions.pledge where email = :email for update")
                            .param("email", email)
                            .query(Long.class)
                            .list();
                    int holder = LockWaits.thisBackend(jdbc);
                    for (int i = 0; i < tokens.size(); i++) {
                        String token = tokens.get(i);
                        String address = "198.51.100." + (r * 2 + i);
                        answers.add(clients.submit(
                                () -> transaction.execute(status -> confirmations.confirm(token, address))));
                    }
                    await("round %d: one confirmation waiting for the pledges, the other for it".formatted(r))
                            .atMost(Duration.ofSeconds(60))
                            .until(() -> LockWaits.blockedBy(jdbc, holder) == 1
                                    && aConfirmationIsWaitingForPledgesOf(email));
                });
                int confirmed = 0;
                int alreadyPledged = 0;
                for (Future<Optional<PledgeConfirmations.Opened>> answer : answers) {
                    PledgeConfirmations.Opened opened =
                            answer.get(60, TimeUnit.SECONDS).orElseThrow();
                    if (opened.alreadyPledged()) {
                        alreadyPledged++;
                    } else {
                        confirmed++;
                    }
                }
                assertThat(confirmed).as("round %d: confirmed", round).isOne();
                assertThat(alreadyPledged)
                        .as("round %d: told the pledge was already confirmed", round)
                        .isOne();
                assertThat(jdbc.sql("select count(*) from actions.pledge where email = :email and confirmed_at is not"
                                        + " null")
                                .param("email", email)
                                .query(Integer.class)
                                .single())
                        .isOne();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Whether a confirmation is waiting for the lock on this address's pledges at the practice ({@code PledgeConfirmations}
     * takes it as two keys, shown in pg_locks as classid and objid). Any advisory lock waited on would do on a quiet
     * server, but on the shared one other work waits for its own now and then (a ballot's count for its proof
     * checking, a ballot's close for its box), which would pass a round whose race was never run.
     */
    private boolean aConfirmationIsWaitingForPledgesOf(String email) {
        return jdbc.sql("""
                        select exists (
                            select 1 from pg_locks
                            where locktype = 'advisory' and not granted and objsubid = 2
                              and database = (select oid from pg_database where datname = current_database())
                              and classid = hashtext('actions.pledge')::oid
                              and objid = hashtext(lower(:email) || ' ' || :ods)::oid)
                        """)
                .param("email", email)
                .param("ods", PRACTICE)
                .query(Boolean.class)
                .single();
    }

    private String pending(String email) {
        String token = SecretTokens.generate();
        Instant now = Instant.now();
        jdbc.sql("""
                        insert into actions.pledge (name, role, ods_code, email, consent_to_contact, token_hash,
                            created_at, expires_at)
                        values ('Twice Pledged', 'NURSE_PARTNER', :ods, :email, false, :hash, :now, :expires)
                        """)
                .param("ods", PRACTICE)
                .param("email", email)
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plusSeconds(3600)))
                .update();
        return token;
    }
}
