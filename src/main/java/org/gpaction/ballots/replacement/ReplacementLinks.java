package org.gpaction.ballots.replacement;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.membership.MemberIdentities.Contact;
import org.gpaction.notifications.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Acts on "Missing your ballot?" requests {@linkplain ReplacementIntake taken in}, off the request: a member is sent a
 * new link for every open ballot whose roll they are on and in which they have not voted, and the old link stops
 * working in the same transaction; a request giving an address other than the registered one waits for a scrutineer
 * to check it, beside every other address asked for in the member's name. Also issues the link a scrutineer decides
 * on ({@link ReplacementDecisions}).
 */
@Service
class ReplacementLinks {

    enum Kind implements FailedAttempts.Kind {
        REPLACEMENT_FOR_MEMBER {
            @Override
            public Counted counted() {
                return Counted.PER_SUBJECT_GIVEN;
            }
        };
    }

    static final String SELF = "member (replacement request)";
    // Requests counted under the membership number itself, before this, would only stop matching; common's migration
    // V6 deletes them rather than keep the number for their day.
    private static final String MEMBER_PURPOSE = "GP Action replacement requests acted on for one member";

    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final VoterCredentials credentials;
    private final MemberIdentities identities;
    private final Eligibility eligibility;
    private final RollKeeper rolls;
    private final Outbox outbox;
    private final FailedAttempts attempts;
    private final ReplacementProperties properties;
    private final AskedAddresses askedAddresses;
    private final RegisteredAddressRule registeredAddress;
    private final KeyedHashes hashes;
    private final GpActionProperties app;
    private final Clock clock;

    ReplacementLinks(
            BallotRepository ballots,
            BallotLogEntries logEntries,
            VoterCredentials credentials,
            MemberIdentities identities,
            Eligibility eligibility,
            RollKeeper rolls,
            Outbox outbox,
            FailedAttempts attempts,
            ReplacementProperties properties,
            AskedAddresses askedAddresses,
            RegisteredAddressRule registeredAddress,
            KeyedHashes hashes,
            GpActionProperties app,
            Clock clock) {
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.credentials = credentials;
        this.identities = identities;
        this.eligibility = eligibility;
        this.rolls = rolls;
        this.outbox = outbox;
        this.attempts = attempts;
        this.properties = properties;
        this.askedAddresses = askedAddresses;
        this.registeredAddress = registeredAddress;
        this.hashes = hashes;
        this.app = app;
        this.clock = clock;
    }

    /** Ballots a member could be asking about now: open and inside their window. */
    List<Ballot> openBallots() {
        Instant now = clock.instant();
        return ballots.all().stream()
                .filter(ballot -> ballot.status() == BallotStatus.OPEN && ballot.acceptsVotesAt(now))
                .toList();
    }

    /**
     * Acts on a request taken from the inbox, its fields already checked: a new link for every open ballot whose
     * roll the member is on, at most a few times an hour per member. Only requests that send the member something (a
     * new link, or word that they have voted) count against the member, and only those are dropped once the member has
     * had their few: anyone who knows a member's membership and GMC numbers can ask in their name, and requests that
     * only wait for the scrutineer (another address) or match nothing would otherwise use up the allowance and the
     * member's own request, near the close, would be dropped. They are counted under a keyed hash of the membership
     * number, the same on every instance sharing the database, so that the count does not tell a reader of the database
     * (or a backup of it) who asked for a new link.
     */
    @Transactional
    void answer(ReplacementRequestCommand request) {
        String number = request.membershipNumber();
        Optional<Contact> member = identities.match(number, request.gmcNumber());
        if (member.isEmpty()) {
            return;
        }
        Allowance allowance = new Allowance(member.get().membershipNumber());
        Instant now = clock.instant();
        for (Ballot open : openBallots()) {
            Optional<Ballot> locked = ballots.findForVoting(open.id());
            if (locked.isPresent() && locked.get().acceptsVotesAt(now)) {
                answer(locked.get(), member.get(), request.email(), now, allowance);
            }
        }
    }

    /**
     * One request's claim on the member's allowance, made the first time it would send something and counted once
     * however many ballots it sends for. The count is held locked until the request's transaction ends, so requests
     * acted on together see each other.
     */
    private final class Allowance {

        private final String membershipNumber;
        private Boolean admitted;

        Allowance(String membershipNumber) {
            this.membershipNumber = membershipNumber;
        }

        boolean admits() {
            if (admitted == null) {
                admitted = attempts.admit(
                        Kind.REPLACEMENT_FOR_MEMBER,
                        hashes.of(MEMBER_PURPOSE, membershipNumber),
                        properties.requestsPerMembershipNumber(),
                        properties.window());
            }
            return admitted;
        }
    }

    private void answer(Ballot ballot, Contact member, String email, Instant now, Allowance allowance) {
        String number = member.membershipNumber();
        Optional<VoterCredentials.Live> live = credentials
                .lockLive(ballot.id(), number)
                // A link replaced while this waited for it (by the scrutineer, or by another instance acting on the
                // member's other request) is gone; its successor is seen by a second look, as in ReplacementDecisions.
                .or(() -> credentials.lockLive(ballot.id(), number));
        if (live.isEmpty()) {
            // Not counted: a member is added once, and their first link is theirs whoever asked.
            enrolIfEligible(ballot, member, now);
            return;
        }
        Optional<String> corrected = credentials.correctedAddress(ballot.id(), number);
        if (live.get().used()) {
            if (!allowance.admits()) {
                return;
            }
            // Told where the ballot's other emails go: a scrutineer may have corrected the address for this ballot.
            outbox.send(BallotEmails.alreadyVoted(ballot, corrected.orElse(member.email())));
            logEntries.add(
                    ballot.id(),
                    SELF,
                    "REPLACEMENT_REFUSED",
                    number + " asked for a new link after voting; told so at the "
                            + (corrected.isPresent()
                                    ? "address the scrutineer set for this ballot"
                                    : "registered address"),
                    now);
            return;
        }
        boolean registered = email.equalsIgnoreCase(member.email());
        // One an administrator set since the member's first link went waits for the scrutineer like any other.
        boolean trusted = registered && registeredAddress.goesAtOnce(ballot.id(), number, email);
        if (trusted || corrected.map(email::equalsIgnoreCase).orElse(false)) {
            if (allowance.admits()) {
                issue(ballot, live.get(), number, email, member.email(), SELF, now);
            }
            return;
        }
        if (!askedAddresses.keep(ballot, number, email, now)) {
            return;
        }
        logEntries.add(
                ballot.id(),
                SELF,
                "REPLACEMENT_QUEUED",
                number
                        + (registered
                                ? " asked for a new link to the registered address " + email + ", but someone other"
                                        + " than the member changed the address after their first link; waiting for a"
                                        + " check"
                                : " asked for a new link to " + email + ", an address other than the registered one;"
                                        + " waiting for a check"),
                now);
    }

    /**
     * Before the roll cut-off a member who is eligible but missed the roll (say, they joined minutes ago) is
     * added by the roll keeper, as any other member is, and sent their first link at the registered address.
     */
    private void enrolIfEligible(Ballot ballot, Contact member, Instant now) {
        if (!ballot.rollOpenAt(now)) {
            return;
        }
        Optional<EligibilityDecision> decision = eligibility
                .decide(member.membershipNumber(), ballot.ruleSet(), now)
                .filter(EligibilityDecision::eligible);
        if (decision.isEmpty()) {
            return;
        }
        if (rolls.addOne(ballot, decision.get(), "replacement request")) {
            logEntries.add(
                    ballot.id(),
                    SELF,
                    "ENROLLED",
                    member.membershipNumber() + " added to the roll before the cut-off on asking for a link",
                    now);
        }
    }

    /**
     * The old link stops working and a new one goes out, in the caller's transaction. The address it goes to becomes
     * where the ballot's other mail for the member goes (reminders, which carry working links, and the result): sent to
     * the registered address, a scrutineer's earlier correction for this ballot ends, and the corrected address is
     * told its link no longer works; sent elsewhere, the caller has made that address the ballot's for the member (the
     * scrutineer's correction, or one they made before).
     */
    void issue(
            Ballot ballot,
            VoterCredentials.Live live,
            String membershipNumber,
            String to,
            String registered,
            String actor,
            Instant now) {
        long credential = credentials.replace(live, ballot.id(), membershipNumber, now);
        outbox.sendWithSecretLink(BallotEmails.replacementLink(ballot, to), String.valueOf(credential));
        logEntries.add(
                ballot.id(),
                actor,
                "REPLACEMENT_ISSUED",
                "New link for " + membershipNumber + " sent to " + to + "; the previous link no longer works",
                now);
        if (to.equalsIgnoreCase(registered)) {
            // Anyone who knows the member's numbers can ask for this, and the registered address may be one the member
            // cannot read (why the scrutineer corrected it): the corrected address, whose link stops working, is told,
            // so the member there can ask for it back.
            credentials.endCorrection(ballot.id(), membershipNumber).ifPresent(corrected -> {
                boolean told = !corrected.equalsIgnoreCase(to);
                if (told) {
                    outbox.send(BallotEmails.sentToRegistered(ballot, corrected, app.link("/ballots/missing")));
                }
                logEntries.add(
                        ballot.id(),
                        actor,
                        "EMAIL_CORRECTED",
                        "Ballot email for " + membershipNumber + " goes to the registered address " + to
                                + " again, not " + corrected + ": the new link went there"
                                + (told ? "; " + corrected + " was told its link no longer works" : ""),
                        now);
            });
        }
    }
}
