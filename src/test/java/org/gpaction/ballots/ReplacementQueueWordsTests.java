package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the scrutineer's queue says when nothing in it can be checked. On a database of its own (see
 * {@link OwnBallotDatabase}), where the ballots with a request waiting are closed first, so that no other test's
 * request is left to check.
 */
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementQueueWordsTests extends OwnBallotDatabase {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void withOnlyRequestsLeftUndecidedAtTheCloseTheQueueDoesNotSayNoneAreWaiting() {
        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closes_at = now() - interval '1 minute',
                            closed_at = now(), log_hash = repeat('ab', 32)
                        where status in ('SCHEDULED', 'OPEN')
                          and id in (select ballot_id from ballots.replacement_request where state = 'WAITING')
                        """).update();
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter asksElsewhere = fixtures.member(null);
        fixtures.enrol(ballot, asksElsewhere);
        Http http = new Http(port);
        ReplacementFixtures.ask(http, asksElsewhere, TestMailbox.uniqueAddress("elsewhere"));
        fixtures.awaitRequestsActedOn();
        fixtures.waitingRequest(ballot, asksElsewhere);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closes_at = now() - interval '1 minute',
                            closed_at = now(), log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();

        String queue = scrutineer.get("/ballots/replacement-requests").body().replaceAll("\\s+", " ");

        assertThat(queue).contains(asksElsewhere.number()).doesNotContain("No requests are waiting.");
        assertThat(queue)
                .contains("No request is waiting for a check: voting closed before those below were decided, and they"
                        + " can no longer be.");
    }
}
