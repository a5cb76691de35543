package org.gpaction.ballots.replacement;

import java.time.Instant;
import java.util.List;
import org.gpaction.common.web.ListPage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

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

    /** A page of the decided requests, the latest decision first (found down an index of them in that order). */
    static final String PAGE = """
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
            limit :size offset :offset
            """;

    /**
     * How many requests were decided in all, links sent and requests declined: counted from an index of the decided
     * requests' states alone (V37), not from every decided request's row.
     */
    static final String COUNTS = """
            select count(*) filter (where state = 'ISSUED'), count(*) filter (where state = 'DECLINED')
            from ballots.replacement_request
            where state <> 'WAITING'
            """;

    private final JdbcClient jdbc;

    DecidedRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of the decided requests, with how many were decided in all: {@code sent} a link, {@code declined}. */
    record DecidedPage(List<DecidedRequest> requests, long sent, long declined, ListPage page) {

        long firstShown() {
            return page.firstShown(requests.size());
        }

        long lastShown() {
            return page.lastShown(requests.size());
        }
    }

    /**
     * The decided requests on page {@code pageAsked}, as many a page as the queue ({@link WaitingRequests#PAGE_SIZE}),
     * the latest decision first. A page past the last gives the last, as the queue's do.
     */
    @Transactional(readOnly = true)
    DecidedPage page(int pageAsked) {
        long[] counts = jdbc.sql(COUNTS)
                .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        ListPage shown = ListPage.lastIfPast(pageAsked, counts[0] + counts[1], WaitingRequests.PAGE_SIZE);
        List<DecidedRequest> page = jdbc.sql(PAGE)
                .param("size", shown.size())
                .param("offset", shown.offset())
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
        return new DecidedPage(page, counts[0], counts[1], shown);
    }
}
