package org.gpaction.ballots.results;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * who did it, and emailed to everyone on the roll in the same transaction. The receipts the public receipt check will
 * answer as counted though the count spoilt a paper under them are found then, once (see
 * {@link #findCountedAmongCopies}).
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
    private final MeterRegistry registry;

    Publication(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            Certificates certificates,
            ResultCount count,
            ResultNotices notices,
            Clock clock,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.certificates = certificates;
        this.count = count;
        this.notices = notices;
        this.clock = clock;
        this.registry = registry;
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
        findCountedAmongCopies(ballotId);
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

    /**
     * Keeps each receipt the tally spoilt a paper under whose bytes it still counted once, under another paper: more of
     * the ballot's papers have the bytes this receipt hashes than the tally spoilt under it, so the count took one and
     * spoilt the rest as copies, as {@code verify --tracker} finds it counted in the record. Finding them hashes every
     * paper of the ballot, with no index to help, so it is done here, once, and the receipt check, which anyone may ask
     * again and again, reads what is kept: which receipts the count took among copies is fixed at publication, as the
     * published tally is. A paper someone with the database changes afterwards is what the seal check finds (and the
     * receipt check still answers such a paper as changed, as it hashes the one paper it reads).
     */
    private void findCountedAmongCopies(long ballotId) {
        long spoilt = jdbc.sql("""
                        select coalesce(jsonb_array_length(cast(tally as jsonb) -> 'spoilt'), 0)
                        from ballots.ballot where id = :id
                        """).param("id", ballotId).query(Long.class).single();
        if (spoilt == 0) {
            return;
        }
        Counter.builder("gpaction.ballots.receipts.copies.hashes")
                .description("Times a ballot's papers were hashed to find the spoilt receipts whose bytes were counted")
                .tag("ballot", Long.toString(ballotId))
                .register(registry)
                .increment();
        jdbc.sql("""
                        with spoilt as (
                            select decode(s ->> 'tracker', 'hex') as tracker, count(*) as times
                            from ballots.ballot b, jsonb_array_elements(cast(b.tally as jsonb) -> 'spoilt') s
                            where b.id = :ballot and s ->> 'tracker' <> ''
                            group by s ->> 'tracker'),
                        papers as (
                            select sha256(p.encrypted) as tracker, count(*) as papers
                            from ballots.ballot_paper p
                            where p.ballot_id = :ballot and sha256(p.encrypted) in (select tracker from spoilt)
                            group by sha256(p.encrypted))
                        insert into ballots.counted_among_copies (ballot_id, tracker)
                        select :ballot, s.tracker from spoilt s join papers c on c.tracker = s.tracker
                        where c.papers > s.times
                        """).param("ballot", ballotId).update();
    }
}
