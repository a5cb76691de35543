package org.gpaction.ballots.replacement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.TypedText;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.MemberIdentities.Contact;
import org.gpaction.notifications.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replacement requests that gave an address other than the registered one, waiting for a scrutineer. The
 * scrutineer checks the member's contact details, may correct the address the ballot email goes to (saying why),
 * and issues the link, or declines. Every decision is written to the ballot's log with who, when and why.
 */
@Service
class ReplacementQueue {

    enum Outcome {
        ISSUED,
        ALREADY_VOTED,
        DECLINED
    }

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

    /** A request as the scrutineer checks it, with the member's registered details beside what was asked. */
    record RequestToCheck(WaitingRequest request, Contact member, Optional<String> correctedAddress) {}

    static final int MAX_REASON = 500;

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final VoterCredentials credentials;
    private final ReplacementLinks links;
    private final MemberIdentities identities;
    private final Outbox outbox;
    private final GpActionProperties app;
    private final Clock clock;

    ReplacementQueue(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            VoterCredentials credentials,
            ReplacementLinks links,
            MemberIdentities identities,
            Outbox outbox,
            GpActionProperties app,
            Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.credentials = credentials;
        this.links = links;
        this.identities = identities;
        this.outbox = outbox;
        this.app = app;
        this.clock = clock;
    }

    /** Waiting requests listed a page at a time. */
    static final int PAGE_SIZE = 50;

    /**
     * A page of the waiting requests, with how many wait in all: {@code toDecide} still to be decided, {@code
     * undecided} left when their ballot closed. {@code number} is the page shown, of {@code pages}.
     */
    record WaitingPage(List<WaitingRequest> requests, long toDecide, long undecided, int number, long pages) {

        long firstShown() {
            return requests.isEmpty() ? 0 : (number - 1L) * PAGE_SIZE + 1;
        }

        long lastShown() {
            return (number - 1L) * PAGE_SIZE + requests.size();
        }
    }

    /**
     * The waiting requests on page {@code pageAsked}, {@link #PAGE_SIZE} a page: those still to be decided first, then
     * those whose ballot closed first, each oldest first. A page past the last (the queue shorter since its link was
     * made, as the scrutineer decides) gives the last, so a link back to the queue never shows an empty one.
     */
    @Transactional(readOnly = true)
    WaitingPage waiting(int pageAsked) {
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
        long pages = Math.max(1, (counts[0] + counts[1] + PAGE_SIZE - 1) / PAGE_SIZE);
        int number = (int) Math.min(pageAsked, pages);
        List<WaitingRequest> page = jdbc.sql("select " + WAITING_COLUMNS + """
                        from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                        where r.state = 'WAITING'
                        order by voting_closed, r.received_at, r.id
                        limit :size offset :offset
                        """)
                .param("now", now)
                .param("size", PAGE_SIZE)
                .param("offset", (number - 1L) * PAGE_SIZE)
                .query(ReplacementQueue::waitingRequest)
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
                number,
                pages);
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

    private static AskedAddress askedAddress(java.sql.ResultSet rs, int from) throws java.sql.SQLException {
        java.sql.Timestamp lastHeldBack = rs.getTimestamp(from + 5);
        return new AskedAddress(
                rs.getString(from),
                rs.getTimestamp(from + 1).toInstant(),
                rs.getTimestamp(from + 2).toInstant(),
                rs.getInt(from + 3),
                rs.getInt(from + 4),
                lastHeldBack == null ? null : lastHeldBack.toInstant());
    }

    /** As {@link Ballot#acceptsVotesAt}: a request whose ballot no longer takes votes can no longer be decided. */
    private static final String VOTING_CLOSED = " not (b.status in ('SCHEDULED', 'OPEN') and b.closes_at > :now) ";

    private static final String WAITING_COLUMNS = """
             r.id, r.ballot_id, b.title, r.membership_number, r.requested_email, r.received_at,
            """ + VOTING_CLOSED + """
            as voting_closed, r.addresses_not_kept
            """;

    /**
     * Opens a waiting request for checking; looking at the member's details is recorded in their audit log. One whose
     * ballot has closed is not opened: it can no longer be decided, so nobody's details need be looked at for it.
     */
    @Transactional
    RequestToCheck check(long id, String actor) {
        WaitingRequest request = find(id, false);
        if (request.votingClosed()) {
            throw new InvalidReplacement(Map.of("request", "Voting has closed: the request can no longer be decided"));
        }
        Contact member = identities
                .viewedBy(
                        request.membershipNumber(),
                        actor,
                        "Checked contact details for a replacement link in the ballot \"" + request.ballotTitle()
                                + "\"")
                .orElseThrow(() -> new InvalidReplacement(Map.of("request", "The member is no longer on the roll")));
        return new RequestToCheck(
                request, member, credentials.correctedAddress(request.ballotId(), request.membershipNumber()));
    }

    /**
     * Issues the new link to the address given. If that is not the registered address the ballot's email for this
     * member is corrected to it, and the registered address is told where the link went, as is the address of an
     * earlier correction, whose link stops working, that the scrutineer changed it (not where to); if it is the
     * registered address, an earlier correction ends, so the ballot's mail goes where the live link went.
     */
    @Transactional
    Outcome issue(long id, String sendTo, String reason, String actor) {
        String to = ReplacementLinks.clean(sendTo).toLowerCase(Locale.ROOT);
        String why = ReplacementLinks.clean(reason);
        Map<String, String> problems = new LinkedHashMap<>();
        if (!EmailAddresses.isSendable(to)) {
            problems.put("sendTo", "Enter the address to send the link to, like name@example.com");
        }
        if (why.length() > MAX_REASON) {
            problems.put("reason", "The reason must be " + MAX_REASON + " characters or fewer");
        } else if (TypedText.hasControlCharactersBesideLineBreaks(why)) {
            problems.put("reason", "The reason must not contain control characters");
        }
        WaitingRequest request = find(id, false);
        Contact member = identities
                .viewedBy(
                        request.membershipNumber(),
                        actor,
                        "Decided a request for a replacement link in the ballot \"" + request.ballotTitle() + "\"")
                .orElseThrow(() -> new InvalidReplacement(Map.of("request", "The member is no longer on the roll")));
        boolean correction = !to.equalsIgnoreCase(member.email());
        if (correction && why.isEmpty()) {
            problems.put("reason", "Say how you checked the new address: it is not the registered one");
        }
        if (!problems.isEmpty()) {
            throw new InvalidReplacement(problems);
        }
        Instant now = clock.instant();
        // Locks are taken in the order the member's own requests take them (ReplacementLinks): the ballot, the
        // member's live link, then the request. Taking the request first deadlocked with the member asking again
        // meanwhile, whose answer holds the link and then queues the request again.
        Ballot ballot = ballots.findForVoting(request.ballotId()).orElseThrow();
        if (!ballot.acceptsVotesAt(now)) {
            throw new InvalidReplacement(Map.of("request", "Voting has closed: no new link can be issued"));
        }
        VoterCredentials.Live live = credentials
                .lockLive(ballot.id(), member.membershipNumber())
                // A link replaced while this waited for it is gone; its successor is seen by a second look.
                .or(() -> credentials.lockLive(ballot.id(), member.membershipNumber()))
                .orElseThrow(() -> new InvalidReplacement(Map.of("request", "The member is no longer on the roll")));
        find(id, true);
        if (live.used()) {
            decide(id, "DECLINED", null, actor, "The member voted before the request was decided", now);
            logEntries.add(
                    ballot.id(),
                    actor,
                    "REPLACEMENT_DECLINED",
                    member.membershipNumber() + " had already voted; no new link",
                    now);
            return Outcome.ALREADY_VOTED;
        }
        if (correction) {
            // The address an earlier correction set holds the link this one ends; the registered address is told
            // below in any case, and the address the new link goes to hears nothing else.
            Optional<String> earlier = credentials
                    .correctedAddress(ballot.id(), member.membershipNumber())
                    .filter(address -> !address.equalsIgnoreCase(to) && !address.equalsIgnoreCase(member.email()));
            credentials.correctAddress(ballot.id(), member.membershipNumber(), to, actor, why, now);
            logEntries.add(
                    ballot.id(),
                    actor,
                    "EMAIL_CORRECTED",
                    "Ballot email for " + member.membershipNumber() + " corrected from " + member.email() + " to " + to
                            + ": " + why
                            + earlier.map(address -> "; " + address + ", where an earlier correction sent it, was told"
                                            + " its link no longer works")
                                    .orElse(""),
                    now);
            outbox.send(BallotEmails.sentElsewhere(ballot, member.email(), to));
            earlier.ifPresent(
                    address -> outbox.send(BallotEmails.correctedAgain(ballot, address, app.link("/ballots/missing"))));
        }
        links.issue(ballot, live, member.membershipNumber(), to, member.email(), actor, now);
        decide(id, "ISSUED", to, actor, why.isEmpty() ? "Sent to the registered address" : why, now);
        return Outcome.ISSUED;
    }

    @Transactional
    Outcome decline(long id, String reason, String actor) {
        String why = ReplacementLinks.clean(reason);
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw new InvalidReplacement(
                    Map.of("declineReason", "Say why you are declining, in " + MAX_REASON + " characters or fewer"));
        }
        if (TypedText.hasControlCharactersBesideLineBreaks(why)) {
            throw new InvalidReplacement(Map.of("declineReason", "The reason must not contain control characters"));
        }
        WaitingRequest request = find(id, false);
        Instant now = clock.instant();
        // As an issue does: the ballot first, then the request. After the close the report's figures are fixed for the
        // scrutineer to certify, and a request declined then would change the count of requests declined.
        Ballot ballot = ballots.findForVoting(request.ballotId()).orElseThrow();
        if (!ballot.acceptsVotesAt(now)) {
            throw new InvalidReplacement(Map.of("request", "Voting has closed: the request can no longer be decided"));
        }
        find(id, true);
        decide(id, "DECLINED", null, actor, why, now);
        logEntries.add(
                request.ballotId(),
                actor,
                "REPLACEMENT_DECLINED",
                "Request for " + request.membershipNumber() + " to "
                        + request.addresses().stream().map(AskedAddress::email).collect(Collectors.joining(", "))
                        + " declined: " + why,
                now);
        return Outcome.DECLINED;
    }

    private WaitingRequest find(long id, boolean lock) {
        return jdbc.sql("select " + WAITING_COLUMNS + """
                        from ballots.replacement_request r join ballots.ballot b on b.id = r.ballot_id
                        where r.id = :id and r.state = 'WAITING'
                        """ + (lock ? " for update of r" : ""))
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .query(ReplacementQueue::waitingRequest)
                .optional()
                .orElseThrow(() -> new InvalidReplacement(
                        Map.of("request", "This request has already been decided, or does not exist")))
                .with(asked(id));
    }

    private void decide(long id, String state, String sentTo, String actor, String reason, Instant now) {
        jdbc.sql("""
                        update ballots.replacement_request
                        set state = :state, sent_to = :sentTo, decided_by = :actor, decided_at = :now, reason = :reason
                        where id = :id
                        """)
                .param("state", state)
                .param("sentTo", sentTo)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .param("reason", reason)
                .param("id", id)
                .update();
    }

    private static WaitingRequest waitingRequest(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
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
