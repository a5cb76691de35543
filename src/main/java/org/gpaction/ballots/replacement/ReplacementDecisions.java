package org.gpaction.ballots.replacement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.replacement.WaitingRequests.AskedAddress;
import org.gpaction.ballots.replacement.WaitingRequests.WaitingRequest;
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
 * The scrutineer's decisions on replacement requests that gave an address other than the registered one
 * ({@link WaitingRequests}). The scrutineer checks the member's contact details, may correct the address the ballot
 * email goes to (saying why), and issues the link, or declines. Every decision is written to the ballot's log with who,
 * when and why.
 */
@Service
class ReplacementDecisions {

    enum Outcome {
        ISSUED,
        ALREADY_VOTED,
        DECLINED
    }

    /** A request as the scrutineer checks it, with the member's registered details beside what was asked. */
    record RequestToCheck(WaitingRequest request, Contact member, Optional<String> correctedAddress) {}

    static final int MAX_REASON = 500;

    private final JdbcClient jdbc;
    private final WaitingRequests waiting;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final VoterCredentials credentials;
    private final ReplacementLinks links;
    private final MemberIdentities identities;
    private final Outbox outbox;
    private final GpActionProperties app;
    private final Clock clock;

    ReplacementDecisions(
            JdbcClient jdbc,
            WaitingRequests waiting,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            VoterCredentials credentials,
            ReplacementLinks links,
            MemberIdentities identities,
            Outbox outbox,
            GpActionProperties app,
            Clock clock) {
        this.jdbc = jdbc;
        this.waiting = waiting;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.credentials = credentials;
        this.links = links;
        this.identities = identities;
        this.outbox = outbox;
        this.app = app;
        this.clock = clock;
    }

    /**
     * Opens a waiting request for checking; looking at the member's details is recorded in their audit log. One whose
     * ballot has closed is not opened: it can no longer be decided, so nobody's details need be looked at for it.
     */
    @Transactional
    RequestToCheck check(long id, String actor) {
        WaitingRequest request = waiting.find(id);
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
        String to = Stripped.of(sendTo).toLowerCase(Locale.ROOT);
        String why = Stripped.of(reason);
        Map<String, String> problems = new LinkedHashMap<>();
        if (!EmailAddresses.isSendable(to)) {
            problems.put("sendTo", "Enter the address to send the link to, like name@example.com");
        }
        if (why.length() > MAX_REASON) {
            problems.put("reason", "The reason must be " + MAX_REASON + " characters or fewer");
        } else if (TypedText.hasControlCharactersBesideLineBreaks(why)) {
            problems.put("reason", "The reason must not contain control characters");
        }
        WaitingRequest request = waiting.find(id);
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
        waiting.lock(id);
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
        String why = Stripped.of(reason);
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw new InvalidReplacement(
                    Map.of("declineReason", "Say why you are declining, in " + MAX_REASON + " characters or fewer"));
        }
        if (TypedText.hasControlCharactersBesideLineBreaks(why)) {
            throw new InvalidReplacement(Map.of("declineReason", "The reason must not contain control characters"));
        }
        WaitingRequest request = waiting.find(id);
        Instant now = clock.instant();
        // As an issue does: the ballot first, then the request. After the close the report's figures are fixed for the
        // scrutineer to certify, and a request declined then would change the count of requests declined.
        Ballot ballot = ballots.findForVoting(request.ballotId()).orElseThrow();
        if (!ballot.acceptsVotesAt(now)) {
            throw new InvalidReplacement(Map.of("request", "Voting has closed: the request can no longer be decided"));
        }
        waiting.lock(id);
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
}
