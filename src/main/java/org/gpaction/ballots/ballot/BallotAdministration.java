package org.gpaction.ballots.ballot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.DraftVersion.Expected;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.gpaction.membership.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, changing and scheduling ballots. Settings are checked whole; each problem names its field. Only a draft
 * can be changed or deleted, and a scheduled ballot goes back to being a draft only before it opens.
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

    static final int MAX_TEXT = 500;
    static final int MAX_OPTIONS = 10;
    /**
     * The earliest and latest times a ballot may have. A year outside them is a slip of the keyboard, not a ballot,
     * and far enough out PostgreSQL cannot store it (a server error, not a question to answer).
     */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2099-12-31T23:59:59Z");

    /** A draft's times can still be changed, so a passed close is put right by changing the draft. */
    static final String CLOSING_PASSED = "The closing time has passed: change the draft to close later";

    /** A member put on the roll at the close could never vote, yet the close would count them as eligible. */
    static final String CUTOFF_AT_CLOSE =
            "The roll cut-off must be before voting closes: a member added at the close could not vote";

    /** The ballot log's words for a scheduled ballot going back to draft: unscheduled, or for an exposed key. */
    private static final List<String> RETURNS_TO_DRAFT = List.of("UNSCHEDULED", "RETURNED_TO_DRAFT");

    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final TrusteesOnRecord trusteesOnRecord;
    private final ExposedTrustees exposedTrustees;
    private final Clock clock;

    BallotAdministration(
            BallotRepository ballots,
            BallotLogEntries logEntries,
            TrusteesOnRecord trusteesOnRecord,
            ExposedTrustees exposedTrustees,
            Clock clock) {
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.trusteesOnRecord = trusteesOnRecord;
        this.exposedTrustees = exposedTrustees;
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
        cutoffProblem(ballot.opensAt(), ballot.closesAt(), ballot.rollCutoff())
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
        List<String> exposed = exposedTrustees.of(id).stream()
                .map(ExposedTrustees.ExposedTrustee::name)
                .toList();
        if (!exposed.isEmpty()) {
            throw new InvalidBallot(Map.of(
                    "trustees",
                    "The private key of the key given for " + String.join(" and ", exposed) + " was pasted into GP"
                            + " Action after the key was added, so it is exposed and must never be used: remove that"
                            + " key on the ballot's Trustees page and add a new one, made with trustee keygen, before"
                            + " scheduling"));
        }
        ballots.schedule(id, actor, now);
        logEntries.add(id, actor, "SCHEDULED", whenItOpens(ballot, now), now);
        return ballots.find(id).orElseThrow();
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
        BallotDraft draft = validate(command);
        Instant now = clock.instant();
        ballots.update(id, draft, actor, now);
        logEntries.add(id, actor, "EDITED", changes(ballot, draft), now);
        return versioned(id);
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
        return versioned(id);
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

    /** What an edit changed, in words, for the ballot log. */
    private static String changes(Ballot before, BallotDraft after) {
        List<String> changed = new ArrayList<>();
        if (!before.title().equals(after.title())) {
            changed.add("title");
        }
        if (!before.question().equals(after.question())) {
            changed.add("question");
        }
        if (!before.options().equals(after.options())) {
            changed.add("options (now " + String.join(", ", after.options()) + ")");
        }
        if (before.ruleSet() != after.ruleSet()) {
            changed.add("who may vote (now " + after.ruleSet().label() + ")");
        }
        if (!before.opensAt().equals(after.opensAt())) {
            changed.add("opening (now " + UkTime.format(after.opensAt()) + ")");
        }
        if (!before.closesAt().equals(after.closesAt())) {
            changed.add("closing (now " + UkTime.format(after.closesAt()) + ")");
        }
        if (!before.rollCutoff().equals(after.rollCutoff())) {
            changed.add("roll cut-off (now " + UkTime.format(after.rollCutoff()) + ")");
        }
        if (!before.scrutineerName().equals(after.scrutineerName())) {
            changed.add("scrutineer (now " + after.scrutineerName() + ")");
        }
        if (!before.senderAddress().equals(after.senderAddress())) {
            changed.add("sender address (now " + after.senderAddress() + ")");
        }
        return changed.isEmpty() ? "Draft saved without changes" : "Draft changed: " + String.join("; ", changed);
    }

    public List<Ballot> all() {
        return ballots.all();
    }

    public Ballot find(long id) {
        return ballots.find(id).orElseThrow(() -> new BallotNotFound(id));
    }

    BallotDraft validate(CreateBallotCommand command) {
        Map<String, String> problems = new LinkedHashMap<>();
        String title = text(command.title(), "title", "Enter a title", false, problems);
        String question = text(command.question(), "question", "Enter the question", true, problems);
        List<String> options = command.options() == null || command.options().isEmpty()
                ? List.of("Yes", "No")
                : command.options().stream()
                        .map(option -> option == null ? "" : option.strip())
                        .toList();
        Set<String> distinct = new LinkedHashSet<>();
        for (String option : options) {
            if (option.isEmpty() || option.length() > 100) {
                problems.put("options", "Each option needs a label of 1 to 100 characters");
            } else if (TypedText.hasControlCharacters(option)) {
                problems.put("options", "Options must not contain control characters");
            } else if (!distinct.add(option.toLowerCase(Locale.ROOT))) {
                problems.put("options", "Option '" + option + "' is given twice");
            }
        }
        if (options.size() < 2 || options.size() > MAX_OPTIONS) {
            problems.put("options", "Give between 2 and " + MAX_OPTIONS + " options");
        }
        RuleSet ruleSet = null;
        if (command.ruleSet() == null || command.ruleSet().isBlank()) {
            problems.put("ruleSet", "Choose the electorate: GP_PARTNERS_ENGLAND or GP_MEMBERS_ENGLAND");
        } else {
            try {
                ruleSet = RuleSet.valueOf(command.ruleSet().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put("ruleSet", "The electorate must be GP_PARTNERS_ENGLAND or GP_MEMBERS_ENGLAND");
            }
        }
        time(command.opensAt(), "opensAt", "Enter when voting opens", "Voting must open", problems);
        time(command.closesAt(), "closesAt", "Enter when voting closes", "Voting must close", problems);
        time(command.rollCutoff(), "rollCutoff", "Enter the roll cut-off", "The roll cut-off must be", problems);
        if (!problems.containsKey("opensAt") && !problems.containsKey("closesAt")) {
            if (!command.closesAt().isAfter(command.opensAt())) {
                problems.put("closesAt", "Voting must close after it opens");
            } else if (!command.closesAt().isAfter(clock.instant())) {
                problems.put("closesAt", "The closing time must be in the future");
            }
            if (!problems.containsKey("rollCutoff")) {
                cutoffProblem(command.opensAt(), command.closesAt(), command.rollCutoff())
                        .ifPresent(problem -> problems.put("rollCutoff", problem));
            }
        }
        String scrutineer = text(
                command.scrutineerName(), "scrutineerName", "Enter the independent scrutineer's name", false, problems);
        String sender =
                command.senderAddress() == null ? "" : command.senderAddress().strip();
        if (!EmailAddresses.isSendable(sender)) {
            problems.put("senderAddress", "Enter the address ballot email comes from, like ballots@scrutineer.example");
        }
        if (!problems.isEmpty()) {
            throw new InvalidBallot(problems);
        }
        return new BallotDraft(
                title,
                question,
                options,
                ruleSet,
                command.opensAt(),
                command.closesAt(),
                command.rollCutoff(),
                scrutineer,
                sender);
    }

    /** What is wrong with a roll cut-off, if anything, for a ballot open from {@code opensAt} to {@code closesAt}. */
    private static Optional<String> cutoffProblem(Instant opensAt, Instant closesAt, Instant rollCutoff) {
        if (rollCutoff.isBefore(opensAt) || rollCutoff.isAfter(closesAt)) {
            return Optional.of("The roll cut-off must fall between opening and closing");
        }
        if (!rollCutoff.isBefore(closesAt)) {
            return Optional.of(CUTOFF_AT_CLOSE);
        }
        return Optional.empty();
    }

    /** {@code lines}: typed in a box of several lines, so line breaks are allowed. */
    private static String text(
            String value, String field, String missing, boolean lines, Map<String, String> problems) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            problems.put(field, missing);
        } else if (stripped.length() > MAX_TEXT) {
            problems.put(field, "Must be " + MAX_TEXT + " characters or fewer");
        } else if (lines
                ? TypedText.hasControlCharactersBesideLineBreaks(stripped)
                : TypedText.hasControlCharacters(stripped)) {
            problems.put(field, "Must not contain control characters");
        }
        return stripped;
    }

    private static void time(Instant at, String field, String missing, String must, Map<String, String> problems) {
        if (at == null) {
            problems.put(field, missing);
        } else if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            problems.put(field, must + " between 2000 and 2099");
        }
    }
}
