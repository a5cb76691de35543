package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The scrutineer's record of a ballot, oldest first, as staff read it. */
@Service
class BallotLog {

    record Entry(Instant at, String actor, String action, String detail) {}

    private final JdbcClient jdbc;

    BallotLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    List<Entry> entries(long ballotId) {
        return jdbc.sql("""
                        select at, actor, action, detail from ballots.ballot_log
                        where ballot_id = :ballot order by at, id
                        """)
                .param("ballot", ballotId)
                .query((rs, row) ->
                        new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }
}
