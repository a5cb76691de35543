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

    /** Whether the ballot's log has an entry with this action. */
    public boolean has(long ballotId, String action) {
        return jdbc.sql(
                        "select exists (select 1 from ballots.ballot_log where ballot_id = :ballot and action = :action)")
                .param("ballot", ballotId)
                .param("action", action)
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
