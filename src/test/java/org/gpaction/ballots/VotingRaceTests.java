package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gpaction.ballots.internal.Casting;
import org.gpaction.ballots.internal.VoteRefused;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The invariants of casting, with the race run for real: threads released together, exact outcomes counted. */
@GpActionTest
class VotingRaceTests {

    static final int THREADS = 16;

    @Autowired
    Casting casting;

    @Autowired
    JdbcClient jdbc;

    @RepeatedTest(10)
    void oneLinkSubmittedFromSixteenThreadsAtOnceRecordsExactlyOneVote() throws Exception {
        long ballot = openBallot(Duration.ofHours(1));
        String token = credential(ballot, "RACE-" + UUID.randomUUID());

        List<Object> outcomes = race(() -> casting.cast(token, 0));

        long receipts =
                outcomes.stream().filter(o -> o instanceof Casting.Receipt).count();
        assertThat(receipts).isEqualTo(1);
        assertThat(outcomes)
                .filteredOn(o -> o instanceof VoteRefused)
                .allMatch(o -> ((VoteRefused) o).reason() == VoteRefused.Reason.ALREADY_USED)
                .hasSize(THREADS - 1);
        assertThat(papers(ballot)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b and has_voted")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @RepeatedTest(5)
    void aLinkNeverWorksOutsideTheWindow() {
        long notYet =
                ballotWithWindow(Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200));
        String early = credential(notYet, "EARLY-" + UUID.randomUUID());
        assertThat(refusal(() -> casting.cast(early, 0))).isEqualTo(VoteRefused.Reason.NOT_OPEN_YET);

        long over =
                ballotWithWindow(Instant.now().minusSeconds(7200), Instant.now().minusSeconds(1));
        String late = credential(over, "LATE-" + UUID.randomUUID());
        assertThat(refusal(() -> casting.cast(late, 0))).isEqualTo(VoteRefused.Reason.CLOSED);
        assertThat(papers(notYet) + papers(over)).isZero();
    }

    long openBallot(Duration open) {
        return ballotWithWindow(Instant.now().minusSeconds(60), Instant.now().plus(open));
    }

    /** The roll is frozen from the start: an open roll would take in every member other tests create. */
    long ballotWithWindow(Instant opens, Instant closes) {
        return jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at,
                            roll_frozen_at)
                        values ('Race', 'Yes or no?', array['Yes','No'], 'GP_MEMBERS_ENGLAND', :opens, :closes,
                            :opens, 'Scrutineer', 'ballots@scrutineer.example', 'OPEN', 'test', now(), now())
                        returning id
                        """)
                .param("opens", Timestamp.from(opens))
                .param("closes", Timestamp.from(closes))
                .query(Long.class)
                .single();
    }

    String credential(long ballot, String member) {
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                        values (:ballot, :member, now(), 'test', 'test')
                        """).param("ballot", ballot).param("member", member).update();
        jdbc.sql("""
                        insert into ballots.credential (token_hash, ballot_id, membership_number, issued_at, state)
                        values (:hash, :ballot, :member, now(), 'ACTIVE')
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("ballot", ballot)
                .param("member", member)
                .update();
        return token;
    }

    long papers(long ballot) {
        return jdbc.sql("select count(*) from ballots.ballot_paper where ballot_id = :b")
                .param("b", ballot)
                .query(Long.class)
                .single();
    }

    static VoteRefused.Reason refusal(Runnable cast) {
        try {
            cast.run();
            return null;
        } catch (VoteRefused e) {
            return e.reason();
        }
    }

    interface Attempt {
        Object run() throws Exception;
    }

    static List<Object> race(Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return attempt.run();
                } catch (VoteRefused e) {
                    return e;
                }
            }));
        }
        start.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> future : futures) {
            outcomes.add(future.get());
        }
        pool.shutdown();
        return outcomes;
    }
}
