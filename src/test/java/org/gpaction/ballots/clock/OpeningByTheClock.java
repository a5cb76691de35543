package org.gpaction.ballots.clock;

import java.time.Clock;
import java.util.List;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.LeftShut;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tests of a ballot the clock leaves shut, or opens late, share: the clock and the ballot administration on a
 * database of their own (an opening emails every eligible member), and what they read back of the ballot.
 */
abstract class OpeningByTheClock extends OwnBallotDatabase {

    @Autowired
    BallotClock ballotClock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    BallotAdministration administration;

    @Autowired
    BallotRepository ballots;

    @Autowired
    LeftShut leftShut;

    /** Runs the clock this many times, each as {@link ScheduledBallots#tick} does. */
    void ticks(long id, int times) {
        for (int tick = 0; tick < times; tick++) {
            ScheduledBallots.tick(ballotClock, jdbc, id);
        }
    }

    String status(long id) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    /** The ballot's status and when it opened, never if it did not. */
    String statusAndOpening(long id) {
        return jdbc.sql("select status || ' ' || coalesce(opened_at::text, 'never') from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    /** The details the ballot's log gives under these actions. */
    List<String> logged(long id, String... actions) {
        return jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action in (:actions)")
                .param("id", id)
                .param("actions", List.of(actions))
                .query(String.class)
                .list();
    }

    /** The ballot's schedulings and unschedulings, and the clock's refusals to open it, in the order logged. */
    List<String> schedulingsAndRefusals(long id, String refusal) {
        return jdbc.sql("""
                        select action from ballots.ballot_log
                        where ballot_id = :id and action in ('SCHEDULED', 'UNSCHEDULED', :refusal)
                        order by id
                        """)
                .param("id", id)
                .param("refusal", refusal)
                .query(String.class)
                .list();
    }

    long onTheRoll(long id) {
        return count("select count(*) from ballots.roll_entry where ballot_id = :id", id);
    }

    /** The voting links made for the ballot. */
    long links(long id) {
        return count("select count(*) from ballots.credential where ballot_id = :id", id);
    }

    long count(String sql, long id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }
}
