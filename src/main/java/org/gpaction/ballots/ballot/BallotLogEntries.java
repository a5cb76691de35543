package org.gpaction.ballots.ballot;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Adds to a ballot's log as each step happens; {@link BallotLog} reads it back in words. */
@Repository
public class BallotLogEntries {

    private final JdbcClient jdbc;

    BallotLogEntries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The condition, on a log entry named {@code l}, that it was made since its ballot was last scheduled: after the
     * latest scheduling in the ballot's log, or at any time if the log records none (a ballot written in as scheduled).
     * Each scheduling and each clock run holds the ballot's row while it writes, so the entries' ids are in the order
     * they happened.
     */
    static final String SINCE_SCHEDULED = """
            l.id > coalesce((select max(s.id) from ballots.ballot_log s
                             where s.ballot_id = l.ballot_id and s.action = 'SCHEDULED'), 0)""";

    /** Whether the ballot's log has an entry with one of these actions made since the ballot was last scheduled. */
    public boolean hasSinceScheduled(long ballotId, List<String> actions) {
        return jdbc.sql("select exists (select 1 from ballots.ballot_log l"
                        + " where l.ballot_id = :ballot and l.action in (:actions) and " + SINCE_SCHEDULED + ")")
                .param("ballot", ballotId)
                .param("actions", actions)
                .query(Boolean.class)
                .single();
    }

    /** When and by whom an entry was made, as another step's refusal names it. */
    record Step(Instant at, String actor) {}

    /** The latest entry with one of these actions, if the ballot's log has any. */
    Optional<Step> latest(long ballotId, List<String> actions) {
        return jdbc.sql("""
                        select at, actor from ballots.ballot_log
                        where ballot_id = :ballot and action in (:actions)
                        order by at desc, id desc
                        limit 1
                        """)
                .param("ballot", ballotId)
                .param("actions", actions)
                .query((rs, row) -> new Step(rs.getTimestamp(1).toInstant(), rs.getString(2)))
                .optional();
    }

    public void add(long ballotId, String actor, String action, String detail, Instant now) {
        jdbc.sql("""
                        insert into ballots.ballot_log (ballot_id, at, actor, action, detail)
                        values (:ballot, :now, :actor, :action, :detail)
                        """)
                .param("ballot", ballotId)
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .param("action", action)
                .param("detail", detail)
                .update();
    }
}
