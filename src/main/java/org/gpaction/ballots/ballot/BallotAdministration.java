package org.gpaction.ballots.ballot;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.DraftVersion.Expected;
import org.gpaction.common.UkTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, changing and scheduling ballots. Settings are checked whole by {@link BallotSettings}; each problem names
 * its field. Only a draft can be changed or deleted, and a scheduled ballot goes back to being a draft only before it
 * opens.
 */
@Service
public class BallotAdministration {

    public record CreateBallotCommand(
            String title,
            String question,
            List<String> options,
            String ruleSet,
            Instant opensAt,
            Instant closesAt,
            Instant rollCutoff,
            String scrutineerName,
            String senderAddress) {}

    /** A ballot with its version, read in the transaction that changed it, for the API's ETag. */
    record Versioned(Ballot ballot, DraftVersion version) {}

    private static final Logger log = LoggerFactory.getLogger(BallotAdministration.class);

    /** A draft's times can still be changed, so a passed close is put right by changing the draft. */
    static final String CLOSING_PASSED = "The closing time has passed: change the draft to close later";

    /** The ballot log's words for a scheduled ballot going back to draft: unscheduled, or for an exposed key. */
    private static final List<String> RETURNS_TO_DRAFT = List.of("UNSCHEDULED", "RETURNED_TO_DRAFT");

    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final TrusteesOnRecord trusteesOnRecord;
    private final ExposedTrustees exposedTrustees;
    private final KeyNotices keyNotices;
    private final Clock clock;

    BallotAdministration(
            BallotRepository ballots,
            BallotLogEntries logEntries,
            TrusteesOnRecord trusteesOnRecord,
            ExposedTrustees exposedTrustees,
            KeyNotices keyNotices,
            Clock clock) {
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.trusteesOnRecord = trusteesOnRecord;
        this.exposedTrustees = exposedTrustees;
        this.keyNotices = keyNotices;
        this.clock = clock;
    }

    @Transactional
    public Ballot create(CreateBallotCommand command, String actor) {
        return createWithVersion(command, actor).ballot();
    }

    /** A draft made, with its first version, so that the client's next change can name it without reading it. */
    @Transactional
    Versioned createWithVersion(CreateBallotCommand command, String actor) {
        BallotDraft draft = validate(command);
        Instant now = clock.instant();
        long id = ballots.insert(draft, actor, now);
        logEntries.add(id, actor, "CREATED", "Created as a draft", now);
        return versioned(id);
    }

    /** A draft is scheduled, whatever version it is at: from then on it opens and closes by itself. */
    @Transactional
    public Ballot schedule(long id, String actor) {
        return schedule(id, actor, Expected.ANY);
    }

    /**
     * A draft is scheduled only if it is still the version {@code expected} by the page or client that schedules it,
     * so nobody schedules settings or trustees' keys they never saw.
     */
    @Transactional
    Ballot schedule(long id, String actor, Expected expected) {
        Ballot ballot = ballots.lock(id).orElseThrow(() -> new BallotNotFound(id));
        if (ballot.status() == BallotStatus.SCHEDULED && ballot.opensAt().isAfter(clock.instant())) {
            throw new BallotNotChangeable("Only a draft can be scheduled; this ballot is SCHEDULED already: it opens by"
                    + " itself " + UkTime.onOrAt(ballot.opensAt()));
        }
        if (ballot.status() != BallotStatus.DRAFT) {
            throw new BallotNotChangeable("Only a draft can be scheduled; this ballot is " + ballot.status());
        }
        requireVersion(id, expected);
        Instant now = clock.instant();
        // Checked again as when the draft was saved: one saved before a rule came in need not meet it.
        Map<String, String> problems = new LinkedHashMap<>();
        if (!ballot.closesAt().isAfter(now)) {
            problems.put("closesAt", CLOSING_PASSED);
        }
        BallotSettings.cutoffProblem(ballot.opensAt(), ballot.closesAt(), ballot.rollCutoff())
                .ifPresent(problem -> problems.put("rollCutoff", problem));
        if (!problems.isEmpty()) {
            throw new InvalidBallot(problems);
        }
        if (trusteesOnRecord.count(id) == 0) {
            throw new InvalidBallot(Map.of(
                    "trustees",
                    "Votes are encrypted to the trustees' keys, and this ballot has none yet: the scrutineer adds"
                            + " their public key on the ballot's Trustees page before it can be scheduled"));
        }
        List<ExposedTrustees.ExposedTrustee> exposed = exposedTrustees.of(id);
        if (!exposed.isEmpty()) {
            throw new InvalidBallot(Map.of(
                    "trustees",
                    "The private key of the key given for "
                            + String.join(
                                    " and ",
                                    exposed.stream()
                                            .map(ExposedTrustees.ExposedTrustee::name)
                                            .toList())
                            + " was pasted into GP Action after the key was added, so it is exposed and must never be"
                            + " used. " + ExposedTrustees.whoCanRemove(exposed) + ": signed in as that account,"
                            + " remove the key on the ballot's Trustees page and add a new one, made with trustee"
                            + " keygen, before scheduling (" + ExposedTrustees.IF_DISABLED + ")"));
        }
        ballots.schedule(id, actor, now);
        logEntries.add(id, actor, "SCHEDULED", whenItOpens(ballot, now), now);
        Ballot scheduled = ballots.find(id).orElseThrow();
        keyNotices.tell(
                scheduled,
                "Scheduled",
                "\"" + scheduled.title() + "\" (ballot " + id + ") was scheduled by " + actor + " to open "
                        + UkTime.onOrAt(scheduled.opensAt()) + " (UK time): its trustees' keys are fixed unless it is"
                        + " unscheduled before it opens",
                now);
        return scheduled;
    }

    /**
     * When a ballot just scheduled opens, in words. One whose opening time has already passed is opened by the clock at
     * its next tick, seconds later, not at that time.
     */
    private static String whenItOpens(Ballot ballot, Instant now) {
        if (ballot.opensAt().isAfter(now)) {
            return "Scheduled to open " + UkTime.onOrAt(ballot.opensAt());
        }
        return "Scheduled after its opening time, " + UkTime.format(ballot.opensAt())
                + ", had passed, so it opens at once and sends the roll their links";
    }

    /** A draft's settings replaced, whatever version the draft is at, checked as when it was created. */
    @Transactional
    public Ballot edit(long id, CreateBallotCommand command, String actor) {
        return edit(id, command, actor, Expected.ANY).ballot();
    }

    /**
     * A draft's settings replaced only if the draft is still the version {@code expected} by the page or client that
     * changes them, so a change made on an older version never undoes a later one unseen; with the version the change
     * made.
     */
    @Transactional
    Versioned edit(long id, CreateBallotCommand command, String actor, Expected expected) {
        Ballot ballot = ballots.lock(id).orElseThrow(() -> new BallotNotFound(id));
        requireDraft(ballot, "changed");
        // Before the settings are checked, as fixing them would be for nothing.
        requireVersion(id, expected);
        BallotDraft draft = BallotSettings.check(command, ballot, clock);
        Instant now = clock.instant();
        ballots.update(id, draft, actor, now);
        logEntries.add(id, actor, "EDITED", DraftChangeWords.of(ballot, draft), now);
        Versioned edited = versioned(id);
        if (!ballot.senderAddress().equals(draft.senderAddress())) {
            // Told to the address the notices went to until now: otherwise a new address, and a key changed after it,
            // would be told only to whoever chose that address.
            keyNotices.tell(
                    edited.ballot(),
                    ballot.senderAddress(),
                    "Sender address changed",
                    actor + " changed the ballot's sender address from " + ballot.senderAddress() + " to "
                            + draft.senderAddress() + ": the ballot's mail, and these emails, go there from now on",
                    now);
        }
        return edited;
    }

    /** Read while the row is this transaction's, so the version is exactly that of the ballot beside it. */
    private Versioned versioned(long id) {
        return new Versioned(ballots.find(id).orElseThrow(), version(id));
    }

    /**
     * The version of a ballot (its settings, its trustees' keys and whether it is scheduled), which pages read before
     * the ballot, so they never look newer than it.
     */
    public DraftVersion version(long id) {
        return ballots.version(id).orElseThrow(() -> new BallotNotFound(id));
    }

    /**
     * Refuses a change made on another version of the ballot than its own now, unless any will do; the caller holds the
     * row locked.
     */
    private void requireVersion(long id, Expected expected) {
        if (!expected.any()) {
            version(id).require(expected.seen());
        }
    }

    /** A draft removed with its log, whatever version it is at; nothing about it was ever sent. */
    @Transactional
    public void delete(long id, String actor) {
        delete(id, actor, Expected.ANY);
    }

    /**
     * A draft removed only if it is still the version {@code expected} by the page or client that deletes it, so nobody
     * deletes a draft someone changed after they looked at it.
     */
    @Transactional
    void delete(long id, String actor, Expected expected) {
        Ballot ballot = ballots.lock(id).orElseThrow(() -> new BallotNotFound(id));
        requireDraft(ballot, "deleted");
        requireVersion(id, expected);
        keyNotices.tell(
                ballot,
                ballot.senderAddress(),
                "Deleted",
                "the draft \"" + ballot.title() + "\" (ballot " + id + ") was deleted by " + actor
                        + ", with the keys below",
                clock.instant());
        ballots.delete(id);
        log.info("Draft ballot {} deleted by {}", id, actor);
    }

    /**
     * A scheduled ballot back to a draft, only while its opening time is still ahead, whatever version it is at. The
     * change is one conditional update: if the clock opens the ballot first, the update finds it open and changes
     * nothing; if the update comes first, the clock finds a draft and leaves it.
     */
    @Transactional
    public Ballot unschedule(long id, String actor) {
        return unschedule(id, actor, Expected.ANY).ballot();
    }

    /**
     * A scheduled ballot back to a draft as above, only if it is still the version {@code expected} by the page or
     * client that unschedules it, so nobody unschedules a ballot unscheduled, changed and scheduled again after they
     * looked at it; with the version the unscheduling made. When a version is expected the row is locked first: the
     * clock, which skips locked rows, then finds a draft, and a clock opening it meanwhile is waited for and the ballot
     * found open.
     */
    @Transactional
    Versioned unschedule(long id, String actor, Expected expected) {
        if (!expected.any()) {
            Ballot ballot = ballots.lock(id).orElseThrow(() -> new BallotNotFound(id));
            // One no longer scheduled is refused below saying why, as a page that is not stale would be told.
            if (ballot.status() == BallotStatus.SCHEDULED) {
                requireVersion(id, expected);
            }
        }
        Instant now = clock.instant();
        if (!ballots.unschedule(id, actor, now)) {
            Ballot ballot = ballots.find(id).orElseThrow(() -> new BallotNotFound(id));
            if (ballot.status() == BallotStatus.DRAFT) {
                throw new BallotNotChangeable("This ballot is a draft already: " + whenReturnedToDraft(id));
            }
            throw new BallotNotChangeable("Voting opened " + UkTime.onOrAt(ballot.opensAt())
                    + " (UK time), so the ballot can no longer be unscheduled; it is " + ballot.status());
        }
        logEntries.add(
                id, actor, "UNSCHEDULED", "Returned to draft before opening; it opens only if scheduled again", now);
        Versioned unscheduled = versioned(id);
        keyNotices.tell(
                unscheduled.ballot(),
                "Unscheduled",
                "\"" + unscheduled.ballot().title() + "\" (ballot " + id + ") was unscheduled by " + actor
                        + ": it is a draft again, so its trustees' keys can be changed again until it is scheduled",
                now);
        return unscheduled;
    }

    /** When and by whom a draft was last returned to draft, for a stale unscheduling; one never scheduled says so. */
    private String whenReturnedToDraft(long id) {
        return logEntries
                .latest(id, RETURNS_TO_DRAFT)
                .map(back -> "it was returned to draft " + DraftVersion.whenAndBy(back.at(), back.actor())
                        + ", and is not scheduled")
                .orElse("it is not scheduled");
    }

    private static void requireDraft(Ballot ballot, String done) {
        if (ballot.status() == BallotStatus.SCHEDULED) {
            throw new BallotNotChangeable("Only a draft can be " + done
                    + "; this ballot is scheduled. Unschedule it first, before it opens "
                    + UkTime.onOrAt(ballot.opensAt()) + " (UK time)");
        }
        if (ballot.status() != BallotStatus.DRAFT) {
            throw new BallotNotChangeable("Only a draft can be " + done + "; this ballot is " + ballot.status()
                    + ", and once voting opens its settings are fixed");
        }
    }

    public List<Ballot> all() {
        return ballots.all();
    }

    public Ballot find(long id) {
        return ballots.find(id).orElseThrow(() -> new BallotNotFound(id));
    }

    BallotDraft validate(CreateBallotCommand command) {
        return BallotSettings.check(command, clock);
    }
}
