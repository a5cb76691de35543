package org.gpaction.ballots.ballot;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ballot box: the lock a vote holds while it is recorded, and what closing does to the papers and the counts. */
@Repository
public class BallotBox {

    private final JdbcClient jdbc;

    BallotBox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A vote holds its ballot's box shared until it commits; closing takes it exclusively, so the count at the close
     * waits for every vote already being recorded. Once in, the vote looks at the ballot afresh and is refused whole
     * (SQLSTATE {@code GPA01}, as the one-statement vote is) if it closed meanwhile: a close on another instance, whose
     * clock runs a little ahead of this one's, may have committed while the vote waited. An advisory lock writes
     * nothing, unlike a row lock, so thousands of votes a second share it freely.
     */
    public void enter(long id) {
        jdbc.sql("select ballots.enter_ballot_box(:id)").param("id", id).query().singleRow();
    }

    public void seal(long id) {
        jdbc.sql("select pg_advisory_xact_lock(ballots.ballot_box(:id))")
                .param("id", id)
                .query()
                .singleRow();
    }

    /**
     * Writes down, as the ballot closes, how many members are on its roll, how many voted and how many were sent a
     * link: none of them can change once it has closed, so results and reports read them rather than count again.
     * Called after the ballot's row is marked closed, which waits for every replacement or addition to the roll that
     * had the row locked to commit, and makes any later one find the ballot closed.
     */
    public void fixVoterCounts(long id) {
        jdbc.sql("""
                        insert into ballots.closed_count (ballot_id, eligible, voted, issued)
                        select ballot_id, eligible, voted, issued from ballots.voter_count where ballot_id = :id
                        on conflict (ballot_id) do nothing
                        """).param("id", id).update();
    }

    /** How many members on the roll are marked as having voted: the turnout a count's papers must match. */
    public long voted(long id) {
        return jdbc.sql("select voted from ballots.voter_count where ballot_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    /**
     * Writes a closed ballot's papers afresh in paper-id order, all in this transaction. While voting, a paper was
     * written in the same transaction as its voter's credential and roll entry, so the two shared a transaction id
     * and sat in casting order on disk: someone with raw access to the database could have paired them. Afterwards
     * every paper carries the close's transaction id and a place on disk set by its random id and the table's free
     * space, not by when it was cast.
     */
    public int mixPapers(long id) {
        return jdbc.sql("""
                        with taken as (
                            delete from ballots.ballot_paper where ballot_id = :id
                            returning paper_id, ballot_id, encrypted, tracker, cast_on
                        )
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        select paper_id, ballot_id, encrypted, tracker, cast_on from taken order by paper_id
                        """).param("id", id).update();
    }
}
