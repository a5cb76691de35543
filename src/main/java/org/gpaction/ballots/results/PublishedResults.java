package org.gpaction.ballots.results;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Results as anyone may read them: only those of published ballots, whole, with the seal checked as they are read. */
@Service
class PublishedResults {

    record Published(Ballot ballot, Results.Result result, Instant publishedAt, Results.SealCheck seal) {}

    record Listed(long id, String title, Instant publishedAt) {}

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final Results results;

    PublishedResults(JdbcClient jdbc, BallotRepository ballots, Results results) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.results = results;
    }

    /** The published result, or empty for a ballot that does not exist or is not published. */
    @Transactional(readOnly = true)
    Optional<Published> find(long id) {
        Optional<Ballot> ballot = ballots.find(id).filter(found -> found.status() == BallotStatus.PUBLISHED);
        if (ballot.isEmpty()) {
            return Optional.empty();
        }
        Instant publishedAt = jdbc.sql("select published_at from ballots.ballot where id = :id")
                .param("id", id)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .single();
        return Optional.of(new Published(ballot.get(), results.result(id), publishedAt, results.checkSeal(id)));
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
