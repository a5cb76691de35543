package org.gpaction.ballots.results;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private static final Object[] READING = stripes(64);

    /** Ballots whose kept check one request is making again. */
    private final Set<Long> refreshing = ConcurrentHashMap.newKeySet();

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

    /**
     * The published result, or empty for a ballot that does not exist or is not published. Once a minute one request
     * checks the papers again while the others are answered from the check before it. With no check yet (the moment
     * of publication sends every voter at once), requests for the ballot wait for the one reading its papers rather
     * than each reading them; the locks are striped, so asking for many ballots holds no more of them, and a ballot not
     * published is answered without one.
     */
    Optional<Published> find(long id) {
        Published cached = recent.get(id);
        if (cached != null && isFresh(cached)) {
            return Optional.of(cached);
        }
        if (cached != null) {
            if (!refreshing.add(id)) {
                return Optional.of(cached);
            }
            try {
                return readAndKeep(id);
            } finally {
                refreshing.remove(id);
            }
        }
        if (ballots.find(id)
                .filter(found -> found.status() == BallotStatus.PUBLISHED)
                .isEmpty()) {
            return Optional.empty();
        }
        synchronized (READING[Math.floorMod(Long.hashCode(id), READING.length)]) {
            Published kept = recent.get(id);
            if (kept != null) {
                return Optional.of(kept);
            }
            return readAndKeep(id);
        }
    }

    private Optional<Published> readAndKeep(long id) {
        Optional<Published> found = read(id, clock.instant());
        found.ifPresentOrElse(published -> recent.put(id, published), () -> recent.remove(id));
        return found;
    }

    private boolean isFresh(Published cached) {
        return cached.checkedAt().plus(CHECKED_FOR).isAfter(clock.instant());
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
        return Optional.of(
                new Published(ballot.get(), results.result(id), publishedAt, results.checkSealForThePublic(id), now));
    }

    private static Object[] stripes(int n) {
        Object[] locks = new Object[n];
        for (int i = 0; i < n; i++) {
            locks[i] = new Object();
        }
        return locks;
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
