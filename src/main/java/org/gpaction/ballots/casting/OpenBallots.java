package org.gpaction.ballots.casting;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ballot open now, when just one is, as on nearly every voting day: read from the database at most once a
 * second, so that a vote can be encrypted for it without first looking up its link's ballot. A guess only: the
 * statement that records the vote checks the link is that ballot's.
 */
@Component
class OpenBallots {

    private static final long READ_EVERY_NANOS = 1_000_000_000L;

    private record Read(List<Long> ids, long at) {}

    private final JdbcClient jdbc;
    private volatile Read last = new Read(List.of(), System.nanoTime() - 2 * READ_EVERY_NANOS);

    OpenBallots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Long> onlyOne() {
        Read known = last;
        long now = System.nanoTime();
        if (now - known.at() > READ_EVERY_NANOS) {
            known = new Read(
                    jdbc.sql("select id from ballots.ballot where status = 'OPEN'")
                            .query(Long.class)
                            .list(),
                    now);
            last = known;
        }
        return known.ids().size() == 1 ? Optional.of(known.ids().get(0)) : Optional.empty();
    }
}
