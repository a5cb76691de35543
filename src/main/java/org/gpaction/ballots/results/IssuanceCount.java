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
        // Every credential after a member's first replaced an earlier one.
        long replacements =
                count("select count(*) from ballots.credential where ballot_id = :ballot", ballotId) - firstLinks;
        long byScrutineer = count(
                "select count(*) from ballots.replacement_request where ballot_id = :ballot and state = 'ISSUED'",
                ballotId);
        long reminders =
                count("select coalesce(sum(sent), 0) from ballots.reminder_round where ballot_id = :ballot", ballotId);
        long declined = count(
                "select count(*) from ballots.replacement_request where ballot_id = :ballot and state = 'DECLINED'",
                ballotId);
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
                outbox.undelivered(BallotLinks.CATEGORY, BallotEmails.about(ballotId)),
                resultEmailed);
    }

    private long count(String sql, long ballotId) {
        return jdbc.sql(sql).param("ballot", ballotId).query(Long.class).single();
    }
}
