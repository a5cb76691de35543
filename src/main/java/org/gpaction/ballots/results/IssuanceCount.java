package org.gpaction.ballots.results;

import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.results.Results.Issuance;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What went out for a ballot, as its scrutineer's report states it: every link, refusal and undelivered email. */
@Component
class IssuanceCount {

    private final JdbcClient jdbc;
    private final Outbox outbox;

    IssuanceCount(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    Issuance of(long ballotId, long firstLinks) {
        VoterCount counts = jdbc.sql("""
                        select links, replacements_by_scrutineer, requests_declined, kept_undelivered
                        from ballots.voter_count where ballot_id = :ballot
                        """)
                .param("ballot", ballotId)
                .query((rs, row) ->
                        new VoterCount(rs.getLong(1), rs.getLong(2), rs.getLong(3), (Long) rs.getObject(4, Long.class)))
                .single();
        // Every credential after a member's first replaced an earlier one.
        long replacements = counts.links() - firstLinks;
        long byScrutineer = counts.replacementsByScrutineer();
        long reminders =
                count("select coalesce(sum(sent), 0) from ballots.reminder_round where ballot_id = :ballot", ballotId);
        long declined = counts.requestsDeclined();
        long afterVoting = count(
                "select count(*) from ballots.ballot_log where ballot_id = :ballot and action = 'REPLACEMENT_REFUSED'",
                ballotId);
        Integer resultEmailed = jdbc.sql("select result_emailed from ballots.ballot where id = :ballot")
                .param("ballot", ballotId)
                .query((rs, row) -> (Integer) rs.getObject(1, Integer.class))
                .list()
                .get(0);
        return new Issuance(
                firstLinks,
                replacements - byScrutineer,
                byScrutineer,
                reminders,
                firstLinks + replacements + reminders,
                declined,
                afterVoting,
                counts.keptUndelivered() != null ? counts.keptUndelivered() : undelivered(ballotId),
                resultEmailed);
    }

    /** Ballot emails the mail server refused, from the outbox while it still holds them. */
    long undelivered(long ballotId) {
        return outbox.undelivered(BallotLinks.CATEGORY, BallotEmails.about(ballotId));
    }

    private record VoterCount(long links, long replacementsByScrutineer, long requestsDeclined, Long keptUndelivered) {}

    private long count(String sql, long ballotId) {
        return jdbc.sql(sql).param("ballot", ballotId).query(Long.class).single();
    }
}
