package org.gpaction.ballots;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.results.Results;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A closed ballot whose roll is members of the test's own, each with a mailbox of their own: the first ones voted
 * ({@code votes[i]} for option i), each holding the receipt they were shown (their paper's tracker); sealed and counted as the close and its
 * trustee would.
 */
public final class PublishedResultFixtures {

    public record ClosedBallot(long id, String title, List<Voter> members, List<String> receipts) {}

    private final JdbcClient jdbc;
    private final Results results;
    private final ReplacementFixtures members;

    public PublishedResultFixtures(JdbcClient jdbc, Results results) {
        this.jdbc = jdbc;
        this.results = results;
        this.members = new ReplacementFixtures(jdbc);
    }

    public ClosedBallot closed(String title, int entitled, int... votes) {
        return closed(title, id -> {}, entitled, votes);
    }

    /** As above, with {@code beforeTheCount} run once the votes are in, as someone with the database might. */
    ClosedBallot closed(String title, LongConsumer beforeTheCount, int entitled, int... votes) {
        String unique = title + " " + UUID.randomUUID().toString().substring(0, 8);
        long id = new ResultsTestData(jdbc, null).closed(unique, List.of("Yes", "No"));
        jdbc.sql("update ballots.ballot set scrutineer_name = :name where id = :id")
                .param("name", ScrutineerMailTests.SCRUTINEER)
                .param("id", id)
                .update();
        List<Voter> roll = new ArrayList<>();
        for (int i = 0; i < entitled; i++) {
            Voter voter = members.member(null);
            new VotingFixtures(jdbc).credential(id, voter.number());
            roll.add(voter);
        }
        List<String> receipts = new ArrayList<>();
        Election election = TestTrustee.election(jdbc, id);
        int voter = 0;
        for (int choice = 0; choice < votes.length; choice++) {
            for (int i = 0; i < votes[choice]; i++) {
                receipts.add(TestTrustee.paper(jdbc, election, id, choice));
                jdbc.sql("""
                                update ballots.roll_entry set has_voted = true
                                where ballot_id = :ballot and membership_number = :member
                                """)
                        .param("ballot", id)
                        .param("member", roll.get(voter).number())
                        .update();
                jdbc.sql("""
                                update ballots.credential set state = 'USED'
                                where ballot_id = :ballot and membership_number = :member
                                """)
                        .param("ballot", id)
                        .param("member", roll.get(voter).number())
                        .update();
                voter++;
            }
        }
        beforeTheCount.accept(id);
        TestTrustee.addTo(jdbc, id);
        TestTrustee.countNow(jdbc, id);
        jdbc.sql("update ballots.ballot set log_hash = :hash where id = :id")
                .param("hash", results.logHash(id))
                .param("id", id)
                .update();
        return new ClosedBallot(id, unique, roll, receipts);
    }

    /** The scrutineer's certificate, as certifying writes it. */
    void certify(long id, String qualifications) {
        jdbc.sql("""
                        update ballots.ballot set certified_by = 'scrutineer@ballots.test', certified_at = now(),
                            qualifications = :qualifications
                        where id = :id
                        """).param("qualifications", qualifications).param("id", id).update();
    }

    long resultEmailsTo(List<Voter> roll) {
        return jdbc.sql("""
                        select count(*) from notifications.outbox
                        where category = 'ballot-result' and recipient = any(:to)
                        """)
                .param("to", roll.stream().map(Voter::email).toArray(String[]::new))
                .query(Long.class)
                .single();
    }

    String status(long id) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }
}
