package org.gpaction.ballots.results;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Results as anyone may read them: only those of published ballots, whole, with the seal checked against the papers.
 * Counting and hashing a national ballot's papers is real work that anyone could ask for, so each ballot's is done at
 * most once a minute and the page says when.
 */
@Service
class PublishedResults {

    static final Duration CHECKED_FOR = Duration.ofMinutes(1);

    record Published(
            Ballot ballot, Results.Result result, Instant publishedAt, Results.SealCheck seal, Instant checkedAt) {}

    private final Map<Long, Published> recent = new ConcurrentHashMap<>();

    record Listed(long id, String title, Instant publishedAt) {}

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final Results results;
    private final Clock clock;

    PublishedResults(JdbcClient jdbc, BallotRepository ballots, Results results, Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.results = results;
        this.clock = clock;
    }

    /** The published result, or empty for a ballot that does not exist or is not published. */
    Optional<Published> find(long id) {
        Instant now = clock.instant();
        Published cached = recent.get(id);
        if (cached != null && cached.checkedAt().plus(CHECKED_FOR).isAfter(now)) {
            return Optional.of(cached);
        }
        Optional<Published> found = read(id, now);
        found.ifPresentOrElse(published -> recent.put(id, published), () -> recent.remove(id));
        return found;
    }

    private Optional<Published> read(long id, Instant now) {
        Optional<Ballot> ballot = ballots.find(id).filter(found -> found.status() == BallotStatus.PUBLISHED);
        if (ballot.isEmpty()) {
            return Optional.empty();
        }
        Instant publishedAt = jdbc.sql("select published_at from ballots.ballot where id = :id")
                .param("id", id)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .single();
        return Optional.of(new Published(ballot.get(), results.result(id), publishedAt, results.checkSeal(id), now));
    }

    @Transactional(readOnly = true)
    List<Listed> all() {
        return jdbc.sql("""
                        select id, title, published_at from ballots.ballot
                        where status = 'PUBLISHED' order by published_at desc, id desc
                        """)
                .query((rs, row) -> new Listed(
                        rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }
}
