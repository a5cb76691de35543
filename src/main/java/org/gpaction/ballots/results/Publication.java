package org.gpaction.ballots.results;

import java.time.Clock;
import java.time.Instant;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.Certificates;
import org.gpaction.ballots.results.Results.NotPublishable;
import org.gpaction.common.CountWords;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A closed ballot's result made public: CLOSED → PUBLISHED, once, only after the scrutineer certified it, logged with
 * who did it, and emailed to everyone on the roll in the same transaction.
 */
@Component
class Publication {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final Certificates certificates;
    private final ResultCount count;
    private final ResultNotices notices;
    private final Clock clock;

    Publication(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            Certificates certificates,
            ResultCount count,
            ResultNotices notices,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.certificates = certificates;
        this.count = count;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * The ballot's row is locked first, so a second publication waits for the first and then finds it published: the
     * roll is emailed once.
     */
    Ballot publish(long ballotId, String actor) {
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.CLOSED) {
            throw new NotPublishable(ballot);
        }
        if (certificates.of(ballotId).isEmpty()) {
            throw new NotPublishable("The independent scrutineer has not certified the result yet: it can be"
                    + " published once they have");
        }
        Instant now = clock.instant();
        ballots.advance(ballotId, BallotStatus.PUBLISHED, now);
        int emailed = notices.send(ballot, count.result(ballotId));
        jdbc.sql("update ballots.ballot set published_by = :actor, result_emailed = :emailed where id = :id")
                .param("actor", actor)
                .param("emailed", emailed)
                .param("id", ballotId)
                .update();
        logEntries.add(
                ballotId,
                actor,
                "PUBLISHED",
                "Result published by " + actor + " and emailed to " + CountWords.of(emailed, "member", "members")
                        + " on the roll",
                now);
        return ballots.find(ballotId).orElseThrow();
    }
}
