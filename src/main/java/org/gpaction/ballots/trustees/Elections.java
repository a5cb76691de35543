package org.gpaction.ballots.trustees;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gpaction.ballots.crypto.Election;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A ballot's election: its question, options and trustees' keys, which every encryption and proof is bound to. Once a
 * ballot has opened nothing of these can change, so its election is kept in memory for the votes that need it; before
 * that it is read afresh each time.
 */
@Component
public class Elections {

    private final JdbcClient jdbc;
    private final TrusteeKeys trustees;
    private final Map<Long, Election> opened = new ConcurrentHashMap<>();

    Elections(JdbcClient jdbc, TrusteeKeys trustees) {
        this.jdbc = jdbc;
        this.trustees = trustees;
    }

    private record Row(String electionId, String question, List<String> options, boolean opened) {}

    /** The ballot's election; empty for a ballot with no trustee's key, or none at all. */
    public Optional<Election> of(long ballotId) {
        Election known = opened.get(ballotId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Row> row = jdbc.sql("""
                        select election_id, question, options, status in ('OPEN', 'CLOSED', 'PUBLISHED')
                        from ballots.ballot where id = :id
                        """)
                .param("id", ballotId)
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        Arrays.asList((String[]) rs.getArray(3).getArray()),
                        rs.getBoolean(4)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        List<TrusteeKeys.Trustee> keys = trustees.of(ballotId);
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        Election election = new Election(
                row.get().electionId(),
                row.get().question(),
                row.get().options(),
                keys.stream().map(TrusteeKeys.Trustee::key).toList());
        if (row.get().opened()) {
            opened.putIfAbsent(ballotId, election);
        }
        return Optional.of(election);
    }
}
