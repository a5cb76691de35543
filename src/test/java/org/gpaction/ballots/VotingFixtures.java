package org.gpaction.ballots;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gpaction.ballots.casting.VoteRefused;
import org.gpaction.common.SecretTokens;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Ballots and credentials written straight into the tables, and threads released together at one link. */
public final class VotingFixtures {

    public static final int THREADS = 16;

    private final JdbcClient jdbc;

    public VotingFixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long openBallot(Duration open) {
        return ballotWithWindow(Instant.now().minusSeconds(60), Instant.now().plus(open));
    }

    /** A draft, opening in a month for a week, with the test trustee's key. */
    public long draft() {
        Instant opens = Instant.now().plus(Duration.ofDays(30));
        long id = ballotWithWindow(opens, opens.plus(Duration.ofDays(7)));
        jdbc.sql("update ballots.ballot set status = 'DRAFT', roll_frozen_at = null where id = :id")
                .param("id", id)
                .update();
        return id;
    }

    /** Its roll is frozen from the start, so members joining in other tests are never enrolled in it. */
    public long ballotWithWindow(Instant opens, Instant closes) {
        // A ballot not yet open is SCHEDULED, as the clock would leave it; its roll stays closed in these tests.
        String status = opens.isAfter(Instant.now()) ? "SCHEDULED" : "OPEN";
        long id = jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at,
                            roll_frozen_at)
                        values ('Race', 'Yes or no?', array['Yes','No'], 'GP_MEMBERS_ENGLAND', :opens, :closes,
                            :opens, 'Scrutineer', 'ballots@scrutineer.example', :status, 'test', now(), now())
                        returning id
                        """)
                .param("opens", Timestamp.from(opens))
                .param("closes", Timestamp.from(closes))
                .param("status", status)
                .query(Long.class)
                .single();
        TestTrustee.addTo(jdbc, id);
        return id;
    }

    public String credential(long ballot, String member) {
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

    /**
     * What a reminder does to a link: its credential is given a newer link, and this one becomes an earlier link of
     * it, which still votes (by the step-by-step path, as the one-statement vote knows only the newest link).
     */
    public void supersedeByReminder(String token) {
        int superseded = jdbc.sql("""
                        with previous as (
                            update ballots.credential set token_hash = :newer where token_hash = :earlier
                            returning id
                        )
                        insert into ballots.earlier_link (token_hash, credential_id, superseded_at)
                        select :earlier, id, now() from previous
                        """)
                .param("newer", SecretTokens.hash(SecretTokens.generate()))
                .param("earlier", SecretTokens.hash(token))
                .update();
        if (superseded != 1) {
            throw new IllegalStateException("No credential has that link as its newest");
        }
    }

    /** How a statement taking a ballot's checking lock ({@code ProofChecking.LOCK}) begins. */
    public static final String CHECKING_LOCK = "select pg_advisory_xact_lock(hashtextextended('checked_paper'";

    /** Brings the ballot's closing time to now and waits for the clock to close it. */
    public void closeNow(long ballot) {
        jdbc.sql("update ballots.ballot set closes_at = now() where id = :id")
                .param("id", ballot)
                .update();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select status from ballots.ballot where id = :id")
                        .param("id", ballot)
                        .query(String.class)
                        .single()
                        .equals("CLOSED"));
    }

    public long papers(long ballot) {
        return jdbc.sql("select count(*) from ballots.ballot_paper where ballot_id = :b")
                .param("b", ballot)
                .query(Long.class)
                .single();
    }

    public static VoteRefused.Reason refusal(Runnable cast) {
        try {
            cast.run();
            return null;
        } catch (VoteRefused e) {
            return e.reason();
        }
    }

    public interface Attempt {
        Object run() throws Exception;
    }

    public static List<Object> race(Attempt attempt) throws Exception {
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
