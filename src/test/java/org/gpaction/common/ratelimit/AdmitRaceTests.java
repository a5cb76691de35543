package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.HeldLocks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A limit by count holds when one subject's requests come together, each counted in a transaction that goes on to do
 * its work (as a registration queues its email) before it commits.
 */
@GpActionTest
class AdmitRaceTests {

    enum Kind implements FailedAttempts.Kind {
        ADMIT_RACE,
        ADMIT_RACE_SENDER {
            @Override
            public FailedAttempts.Counted counted() {
                return FailedAttempts.Counted.PER_SUBJECT_GIVEN;
            }
        },
        ADMIT_RACE_ALL {
            @Override
            public FailedAttempts.Counted counted() {
                return FailedAttempts.Counted.PER_SUBJECT_GIVEN;
            }
        }
    }

    static final int CLIENTS = 16;

    static final int LIMIT = 5;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    TwoLimits bothLimits;

    @Autowired
    Networks networks;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    @Test
    void requestsSentTogetherFromOneSubjectAreAdmittedOnlyUpToTheLimit() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int round = 0; round < 3; round++) {
                String subject = "203.0.113." + round + "/" + UUID.randomUUID();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    answers.add(clients.submit(() -> {
                        go.await();
                        return transaction.execute(status -> {
                            boolean admitted = attempts.admit(Kind.ADMIT_RACE, subject, LIMIT, Duration.ofHours(1));
                            // The request's own work, while its count is not yet committed.
                            jdbc.sql("select pg_sleep(0.05)")
                                    .query((rs, row) -> row)
                                    .list();
                            return admitted;
                        });
                    }));
                }
                go.countDown();
                int admitted = 0;
                for (Future<Boolean> answer : answers) {
                    admitted += answer.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(admitted).as("round %d: admitted", round).isEqualTo(LIMIT);
                assertThat(CLIENTS - admitted).as("round %d: refused", round).isPositive();
                assertThat(jdbc.sql("select count(*) from common.failed_attempt where subject = :subject")
                                .param("subject", networks.fingerprint(subject))
                                .query(Integer.class)
                                .single())
                        .as("only the admitted are counted")
                        .isEqualTo(LIMIT);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Tries held to two limits at once, sent together from four senders (3 each at most) to one shared limit of 5:
     * exactly 5 go ahead, none of the senders past its 3, and only those are counted, under both.
     */
    @Test
    void triesSentTogetherUnderTwoLimitsAreAdmittedOnlyUpToBoth_andOnlyTheAdmittedAreCounted() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int round = 0; round < 3; round++) {
                String all = "all " + UUID.randomUUID();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    String sender = all + " sender " + (i % 4);
                    answers.add(clients.submit(() -> {
                        go.await();
                        return transaction.execute(status -> {
                            var refused = bothLimits.admitUnderLocks(
                                    new TwoLimits.Limit(Kind.ADMIT_RACE_SENDER, sender, 3),
                                    new TwoLimits.Limit(Kind.ADMIT_RACE_ALL, all, LIMIT),
                                    Duration.ofHours(1));
                            jdbc.sql("select pg_sleep(0.05)")
                                    .query((rs, row) -> row)
                                    .list();
                            return refused.map(limit -> "refused").orElse(sender);
                        });
                    }));
                }
                go.countDown();
                Map<String, Integer> admitted = new HashMap<>();
                for (Future<String> answer : answers) {
                    admitted.merge(answer.get(60, TimeUnit.SECONDS), 1, Integer::sum);
                }
                int refused = admitted.getOrDefault("refused", 0);
                admitted.remove("refused");
                assertThat(CLIENTS - refused).as("round %d: admitted", round).isEqualTo(LIMIT);
                assertThat(admitted.values())
                        .as("round %d: admitted per sender", round)
                        .allMatch(n -> n <= 3);
                assertThat(jdbc.sql("select count(*) from common.failed_attempt where subject like :all")
                                .param("all", all + " sender %")
                                .query(Integer.class)
                                .single())
                        .as("only the admitted are counted against their senders")
                        .isEqualTo(LIMIT);
                assertThat(jdbc.sql("select count(*) from common.failed_attempt where subject = :all")
                                .param("all", all)
                                .query(Integer.class)
                                .single())
                        .as("and against the shared limit")
                        .isEqualTo(LIMIT);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Tries from one sender sent together under its limit of 3, half of them under one shared limit of 10 and half
     * under another (one network's requests to two practices at once, say): the sender's limit decides across both,
     * exactly 3 go ahead, every other try is refused by the sender's limit, and only the 3 are counted, against the
     * sender and between the two shared limits. Two shared limits, so that the tries do not queue behind one shared
     * lock: only the sender's keeps them to 3.
     */
    @Test
    void triesSentTogetherFromOneSenderAreRefusedByTheSendersLimit_whicheverSharedLimitTheyAreUnder() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int round = 0; round < 3; round++) {
                String all = "all " + UUID.randomUUID();
                String sender = all + " sender";
                String elsewhere = all + " elsewhere";
                TwoLimits.Limit senders = new TwoLimits.Limit(Kind.ADMIT_RACE_SENDER, sender, 3);
                List<TwoLimits.Limit> shared = List.of(
                        new TwoLimits.Limit(Kind.ADMIT_RACE_ALL, all, 10),
                        new TwoLimits.Limit(Kind.ADMIT_RACE_ALL, elsewhere, 10));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<TwoLimits.Limit>>> answers = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    TwoLimits.Limit everyones = shared.get(i % 2);
                    answers.add(clients.submit(() -> {
                        go.await();
                        return transaction.execute(status -> {
                            var refused = bothLimits.admitUnderLocks(senders, everyones, Duration.ofHours(1));
                            jdbc.sql("select pg_sleep(0.05)")
                                    .query((rs, row) -> row)
                                    .list();
                            return refused;
                        });
                    }));
                }
                go.countDown();
                int admitted = 0;
                for (Future<Optional<TwoLimits.Limit>> answer : answers) {
                    Optional<TwoLimits.Limit> refused = answer.get(60, TimeUnit.SECONDS);
                    if (refused.isEmpty()) {
                        admitted++;
                    } else {
                        assertThat(refused.get())
                                .as("round %d: the limit that refused", round)
                                .isEqualTo(senders);
                    }
                }
                assertThat(admitted).as("round %d: admitted", round).isEqualTo(3);
                assertThat(counted(sender)).as("counted against the sender").isEqualTo(3);
                assertThat(counted(all) + counted(elsewhere))
                        .as("counted against the shared limits")
                        .isEqualTo(3);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A try that a limit already refuses is refused at once, without waiting for the locks: while another transaction
     * holds the sender's lock (as a flood's next try would), reading the full sender's counts for its next try, as the
     * front door does before it goes to the locks, still answers.
     */
    @Test
    void aTryAlreadyRefusedIsAnsweredWithoutWaitingForTheLocks() throws Exception {
        String all = "all " + UUID.randomUUID();
        String sender = all + " sender";
        TwoLimits.Limit senders = new TwoLimits.Limit(Kind.ADMIT_RACE_SENDER, sender, 3);
        TwoLimits.Limit everyones = new TwoLimits.Limit(Kind.ADMIT_RACE_ALL, all, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(bothLimits.admitUnderLocks(senders, everyones, Duration.ofHours(1)))
                    .isEmpty();
        }
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try (Connection senderLocked = HeldLocks.holding(
                dataSource,
                "select pg_advisory_xact_lock(hashtext(?), hashtext(?))",
                Kind.ADMIT_RACE_SENDER.name(),
                sender)) {
            Future<Optional<TwoLimits.Limit>> next =
                    clients.submit(() -> bothLimits.fullAlready(senders, everyones, Duration.ofHours(1)));

            assertThat(next.get(10, TimeUnit.SECONDS))
                    .as("refused while the lock is still held")
                    .contains(senders);
            senderLocked.rollback();
        } finally {
            clients.shutdownNow();
        }
    }

    int counted(String subject) {
        return jdbc.sql("select count(*) from common.failed_attempt where subject = :subject")
                .param("subject", subject)
                .query(Integer.class)
                .single();
    }
}
