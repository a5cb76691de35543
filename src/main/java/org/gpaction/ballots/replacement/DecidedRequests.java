package org.gpaction.ballots.replacement;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Replacement requests a scrutineer decided, for the history beside the queue ({@link WaitingRequests}). */
@Repository
class DecidedRequests {

    /**
     * A request the scrutineer decided: who, when, the outcome and why. {@code askedFor}: each address asked for, or
     * held back from a reminder round and so marked, the first first. {@code sentTo} is empty when declined.
     */
    record DecidedRequest(
            String ballotTitle,
            String membershipNumber,
            String askedFor,
            Instant receivedAt,
            boolean issued,
            String sentTo,
            String decidedBy,
            Instant decidedAt,
            String reason) {}

    private final JdbcClient jdbc;

    DecidedRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every decided request, the latest decision first. */
    List<DecidedRequest> all() {
        return jdbc.sql("""
                        select b.title, r.membership_number,
                               coalesce((select string_agg(a.email
                                                   || case when a.times = 0 then ' (held back from a reminder)'
                                                      else '' end,
                                                   ', ' order by a.first_asked_at, a.email)
                                         from ballots.replacement_request_address a where a.request_id = r.id),
                                        r.requested_email),
                               r.received_at, r.state = 'ISSUED',
                               r.sent_to, r.decided_by, r.decided_at, r.reason
                        from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                        where r.state <> 'WAITING'
                        order by r.decided_at desc, r.id desc
                        """)
                .query((rs, row) -> new DecidedRequest(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getBoolean(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant(),
                        rs.getString(9)))
                .list();
    }
}
