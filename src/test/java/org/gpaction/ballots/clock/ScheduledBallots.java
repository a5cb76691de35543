package org.gpaction.ballots.clock;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

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
}
