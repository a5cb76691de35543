package org.gpaction.ballots.ballot;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.TypedText;
import org.gpaction.membership.RuleSet;

/**
 * The rules a ballot's settings meet, checked whole when a draft is made or changed, each problem naming its field;
 * the roll cut-off's rule is checked again when a draft is scheduled.
 */
final class BallotSettings {

    static final int MAX_TEXT = 500;
    static final int MAX_OPTIONS = 10;
    /**
     * The earliest and latest times a ballot may have. A year outside them is a slip of the keyboard, not a ballot,
     * and far enough out PostgreSQL cannot store it (a server error, not a question to answer).
     */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2099-12-31T23:59:59Z");

    /** A member put on the roll at the close could never vote, yet the close would count them as eligible. */
    static final String CUTOFF_AT_CLOSE =
            "The roll cut-off must be before voting closes: a member added at the close could not vote";

    private BallotSettings() {}

    /** The settings checked whole, {@code clock} deciding whether the close is still ahead. */
    static BallotDraft check(CreateBallotCommand command, Clock clock) {
        return check(command, null, clock);
    }

    /**
     * The settings checked whole, as {@link #check(CreateBallotCommand, Clock)}, to replace those of {@code stored}
     * (null for a new draft): a time sent back as stored is taken even with seconds, as one saved through the API before
     * they were refused has them.
     */
    static BallotDraft check(CreateBallotCommand command, Ballot stored, Clock clock) {
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
        time(
                command.opensAt(),
                stored == null ? null : stored.opensAt(),
                "opensAt",
                "Enter when voting opens",
                "Voting must open",
                problems);
        time(
                command.closesAt(),
                stored == null ? null : stored.closesAt(),
                "closesAt",
                "Enter when voting closes",
                "Voting must close",
                problems);
        time(
                command.rollCutoff(),
                stored == null ? null : stored.rollCutoff(),
                "rollCutoff",
                "Enter the roll cut-off",
                "The roll cut-off must be",
                problems);
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
    static Optional<String> cutoffProblem(Instant opensAt, Instant closesAt, Instant rollCutoff) {
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

    /**
     * A ballot's times are whole minutes, as its pages show them and its form takes them: one given through the API
     * with seconds would be shown a minute early, and saved again from the form, moved. One equal to the time
     * {@code stored} is not a new time, so a draft read through the API can be sent back as it was.
     */
    private static void time(
            Instant at, Instant stored, String field, String missing, String must, Map<String, String> problems) {
        if (at == null) {
            problems.put(field, missing);
        } else if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            problems.put(field, must + " between 2000 and 2099");
        } else if (!at.equals(at.truncatedTo(ChronoUnit.MINUTES)) && !at.equals(stored)) {
            problems.put(
                    field,
                    must + " on a whole minute, as ballot times are shown and typed: send "
                            + at.truncatedTo(ChronoUnit.MINUTES) + ", say, with no seconds");
        }
    }
}
