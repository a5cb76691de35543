package org.gpaction.ballots.ballot;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.common.UkTime;
import org.gpaction.membership.RuleSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating and scheduling ballots. Settings are checked whole; each problem names its field. */
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

    static final int MAX_TEXT = 500;
    static final int MAX_OPTIONS = 10;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+$");

    private final BallotRepository ballots;
    private final Clock clock;

    BallotAdministration(BallotRepository ballots, Clock clock) {
        this.ballots = ballots;
        this.clock = clock;
    }

    @Transactional
    public Ballot create(CreateBallotCommand command, String actor) {
        BallotDraft draft = validate(command);
        Instant now = clock.instant();
        long id = ballots.insert(draft, actor, now);
        ballots.log(id, actor, "CREATED", "Created as a draft", now);
        return ballots.find(id).orElseThrow();
    }

    /** A draft is scheduled: from then on it opens and closes by itself. */
    @Transactional
    public Ballot schedule(long id, String actor) {
        Ballot ballot = ballots.lock(id).orElseThrow(() -> new BallotNotFound(id));
        if (ballot.status() != BallotStatus.DRAFT) {
            throw new InvalidBallot(
                    Map.of("status", "Only a draft can be scheduled; this ballot is " + ballot.status()));
        }
        Instant now = clock.instant();
        if (!ballot.closesAt().isAfter(now)) {
            throw new InvalidBallot(Map.of("closesAt", "The closing time has passed: create a new ballot"));
        }
        ballots.schedule(id);
        ballots.log(id, actor, "SCHEDULED", "Scheduled to open " + UkTime.format(ballot.opensAt()), now);
        return ballots.find(id).orElseThrow();
    }

    public List<Ballot> all() {
        return ballots.all();
    }

    public Ballot find(long id) {
        return ballots.find(id).orElseThrow(() -> new BallotNotFound(id));
    }

    BallotDraft validate(CreateBallotCommand command) {
        Map<String, String> problems = new LinkedHashMap<>();
        String title = text(command.title(), "title", "Enter a title", problems);
        String question = text(command.question(), "question", "Enter the question", problems);
        List<String> options = command.options() == null || command.options().isEmpty()
                ? List.of("Yes", "No")
                : command.options().stream()
                        .map(option -> option == null ? "" : option.strip())
                        .toList();
        Set<String> distinct = new LinkedHashSet<>();
        for (String option : options) {
            if (option.isEmpty() || option.length() > 100) {
                problems.put("options", "Each option needs a label of 1 to 100 characters");
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
        if (command.opensAt() == null) {
            problems.put("opensAt", "Enter when voting opens");
        }
        if (command.closesAt() == null) {
            problems.put("closesAt", "Enter when voting closes");
        }
        if (command.rollCutoff() == null) {
            problems.put("rollCutoff", "Enter the roll cut-off");
        }
        if (command.opensAt() != null && command.closesAt() != null) {
            if (!command.closesAt().isAfter(command.opensAt())) {
                problems.put("closesAt", "Voting must close after it opens");
            } else if (!command.closesAt().isAfter(clock.instant())) {
                problems.put("closesAt", "The closing time must be in the future");
            }
            if (command.rollCutoff() != null
                    && (command.rollCutoff().isBefore(command.opensAt())
                            || command.rollCutoff().isAfter(command.closesAt()))) {
                problems.put("rollCutoff", "The roll cut-off must fall between opening and closing");
            }
        }
        String scrutineer =
                text(command.scrutineerName(), "scrutineerName", "Enter the independent scrutineer's name", problems);
        String sender =
                command.senderAddress() == null ? "" : command.senderAddress().strip();
        if (!EMAIL.matcher(sender).matches() || sender.length() > 254) {
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

    private static String text(String value, String field, String missing, Map<String, String> problems) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            problems.put(field, missing);
        } else if (stripped.length() > MAX_TEXT) {
            problems.put(field, "Must be " + MAX_TEXT + " characters or fewer");
        }
        return stripped;
    }
}
