package org.gpaction.ballots.replacement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.common.web.ListPage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The replacement requests waiting for a scrutineer ({@link ReplacementDecisions}), read a page at a time for the queue
 * or one at a time for a decision.
 */
@Repository
class WaitingRequests {

    /** Requests a page, in the queue and in the decided requests beside it ({@link DecidedRequests}). */
    static final int PAGE_SIZE = 50;

    /**
     * A request not yet decided, with every address asked for in the member's name while it waited and kept, the first
     * asked first. {@code requestedEmail} is the first of them. {@code votingClosed}: its ballot's closing time has
     * passed (or it was closed), so it can no longer be decided, and is not offered for a decision.
     * {@code addressesNotKept}: how many other addresses were asked for once the request had its few within the window,
     * each counted once however often asked for; the member's own may be among them.
     */
    record WaitingRequest(
            long id,
            long ballotId,
            String ballotTitle,
            String membershipNumber,
            String requestedEmail,
            Instant at,
            boolean votingClosed,
            int addressesNotKept,
            List<AskedAddress> addresses) {

        /**
         * Anyone who knows the member's numbers can ask in their name: which address is theirs is for a phone call,
         * also when only one was kept and others were not.
         */
        public boolean addressesDiffer() {
            return addresses.size() > 1 || addressesNotKept > 0;
        }

        /** Every request lists at least the address it was made with. */
        WaitingRequest with(List<AskedAddress> asked) {
            return new WaitingRequest(
                    id,
                    ballotId,
                    ballotTitle,
                    membershipNumber,
                    requestedEmail,
                    at,
                    votingClosed,
                    addressesNotKept,
                    asked.isEmpty() ? List.of(new AskedAddress(requestedEmail, at, at, 1, 0, null)) : asked);
        }
    }

    /**
     * An address on a waiting request: when it was first and last asked for, and how many times (none for one only a
     * reminder round held back); and how many reminder rounds held it back, the last when.
     */
    record AskedAddress(
            String email, Instant firstAsked, Instant lastAsked, int times, int heldBack, Instant lastHeldBack) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    WaitingRequests(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A page of the waiting requests, with how many wait in all: {@code toDecide} still to be decided, {@code
     * undecided} left when their ballot closed.
     */
    record WaitingPage(List<WaitingRequest> requests, long toDecide, long undecided, ListPage page) {

        long firstShown() {
            return page.firstShown(requests.size());
        }

        long lastShown() {
            return page.lastShown(requests.size());
        }
    }

    /**
     * The waiting requests on page {@code pageAsked}, {@link #PAGE_SIZE} a page: those still to be decided first, then those
     * whose ballot closed, each oldest first. A page past the last (the queue shorter since its link was made, as the
     * scrutineer decides) gives the last.
     */
    @Transactional(readOnly = true)
    WaitingPage page(int pageAsked) {
        Timestamp now = Timestamp.from(clock.instant());
        long[] counts = jdbc.sql("""
                        select count(*) filter (where not voting_closed), count(*) filter (where voting_closed)
                        from (select """ + VOTING_CLOSED + """
                                  as voting_closed
                              from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                              where r.state = 'WAITING') w
                        """)
                .param("now", now)
                .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        ListPage shown = ListPage.lastIfPast(pageAsked, counts[0] + counts[1], PAGE_SIZE);
        List<WaitingRequest> page = jdbc.sql("select " + WAITING_COLUMNS + """
                        from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                        where r.state = 'WAITING'
                        order by voting_closed, r.received_at, r.id
                        limit :size offset :offset
                        """)
                .param("now", now)
                .param("size", shown.size())
                .param("offset", shown.offset())
                .query(WaitingRequests::waitingRequest)
                .list();
        Map<Long, List<AskedAddress>> asked = new HashMap<>();
        jdbc.sql("""
                        select a.request_id, a.email, a.first_asked_at, a.last_asked_at, a.times,
                            a.reminders_held_back, a.last_held_back_at
                        from ballots.replacement_request_address a
                        where a.request_id = any (cast(:ids as bigint[]))
                        order by a.first_asked_at, a.email
                        """)
                .param("ids", page.stream().map(WaitingRequest::id).toArray(Long[]::new))
                .query(rs -> {
                    asked.computeIfAbsent(rs.getLong(1), request -> new ArrayList<>())
                            .add(askedAddress(rs, 2));
                });
        return new WaitingPage(
                page.stream()
                        .map(request -> request.with(asked.getOrDefault(request.id(), List.of())))
                        .toList(),
                counts[0],
                counts[1],
                shown);
    }

    private List<AskedAddress> asked(long id) {
        return jdbc.sql("""
                        select a.email, a.first_asked_at, a.last_asked_at, a.times, a.reminders_held_back,
                            a.last_held_back_at
                        from ballots.replacement_request_address a
                        where a.request_id = :id
                        order by a.first_asked_at, a.email
                        """)
                .param("id", id)
                .query((rs, row) -> askedAddress(rs, 1))
                .list();
    }

    private static AskedAddress askedAddress(ResultSet rs, int from) throws SQLException {
        Timestamp lastHeldBack = rs.getTimestamp(from + 5);
        return new AskedAddress(
                rs.getString(from),
                rs.getTimestamp(from + 1).toInstant(),
                rs.getTimestamp(from + 2).toInstant(),
                rs.getInt(from + 3),
                rs.getInt(from + 4),
                lastHeldBack == null ? null : lastHeldBack.toInstant());
    }

    /**
     * As {@link org.gpaction.ballots.ballot.Ballot#acceptsVotesAt}: a request whose ballot no longer takes votes can no
     * longer be decided.
     */
    private static final String VOTING_CLOSED = " not (b.status in ('SCHEDULED', 'OPEN') and b.closes_at > :now) ";

    private static final String WAITING_COLUMNS = """
             r.id, r.ballot_id, b.title, r.membership_number, r.requested_email, r.received_at,
            """ + VOTING_CLOSED + """
            as voting_closed, r.addresses_not_kept
            """;

    /** The waiting request, with the addresses asked for in it; refused if it was decided meanwhile, or is none. */
    WaitingRequest find(long id) {
        return find(id, false);
    }

    /**
     * As {@link #find(long)}, the request locked until the deciding transaction ends, so that two decisions on it
     * cannot both be taken.
     */
    WaitingRequest lock(long id) {
        return find(id, true);
    }

    private WaitingRequest find(long id, boolean lock) {
        return jdbc.sql("select " + WAITING_COLUMNS + """
                        from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                        where r.id = :id and r.state = 'WAITING'
                        """ + (lock ? " for update of r" : ""))
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .query(WaitingRequests::waitingRequest)
                .optional()
                .orElseThrow(() -> new InvalidReplacement(
                        Map.of("request", "This request has already been decided, or does not exist")))
                .with(asked(id));
    }

    private static WaitingRequest waitingRequest(ResultSet rs, int row) throws SQLException {
        return new WaitingRequest(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                rs.getBoolean(7),
                rs.getInt(8),
                List.of());
    }
}
