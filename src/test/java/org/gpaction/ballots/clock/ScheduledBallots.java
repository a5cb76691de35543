package org.gpaction.ballots.clock;

import java.sql.Timestamp;
import java.time.Instant;
import org.gpaction.ballots.TestTrustee;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A yes-or-no ballot written straight in as scheduled, for the clock to find: no trustee key unless a test adds one. */
final class ScheduledBallots {

    private ScheduledBallots() {}

    static long insert(JdbcClient jdbc, String title, Instant opens, Instant closes, Instant rollCutoff) {
        return jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at)
                        values (:title, 'Yes or no?', array['Yes','No'], 'GP_PARTNERS_ENGLAND', :opens, :closes,
                            :cutoff, 'Scrutineer', 'ballots@scrutineer.example', 'SCHEDULED', 'test', now())
                        returning id
                        """)
                .param("title", title)
                .param("opens", Timestamp.from(opens))
                .param("closes", Timestamp.from(closes))
                .param("cutoff", Timestamp.from(rollCutoff))
                .query(Long.class)
                .single();
    }

    /**
     * As {@link #insert}, with a trustee's key, both in one transaction: a ballot already due, written first and keyed
     * after, could be found by the scheduled clock (every second) in between and logged as not opened for want of a key.
     */
    static long insertWithKey(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            String title,
            Instant opens,
            Instant closes,
            Instant rollCutoff) {
        return new TransactionTemplate(transactions).execute(status -> {
            long id = insert(jdbc, title, opens, closes, rollCutoff);
            TestTrustee.addTo(jdbc, id);
            return id;
        });
    }

    /**
     * Runs the clock once, then waits for any scheduled run that held the ballot meanwhile to finish. The clock claims
     * due ballots with SKIP LOCKED, so a run called from a test passes over a ballot the scheduler (every second) has
     * claimed; asking for the row's lock waits for that run's transaction to end, so what the test reads next is what
     * the clock did, whichever run did it.
     */
    static void tick(BallotClock clock, JdbcClient jdbc, long id) {
        clock.tick();
        jdbc.sql("select id from ballots.ballot where id = :id for update")
                .param("id", id)
                .query(Long.class)
                .list();
    }
}
