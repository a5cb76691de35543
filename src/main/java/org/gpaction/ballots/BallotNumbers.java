package org.gpaction.ballots;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Ballots by number, for another module that refers to one: an event given the ballot it is about, say. */
@Service
public class BallotNumbers {

    private final JdbcClient jdbc;

    BallotNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether there is a ballot of this number, in any state. */
    public boolean exists(long ballotId) {
        return jdbc.sql("select exists (select 1 from ballots.ballot where id = :id)")
                .param("id", ballotId)
                .query(Boolean.class)
                .single();
    }
}
