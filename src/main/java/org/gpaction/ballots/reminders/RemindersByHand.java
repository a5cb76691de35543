package org.gpaction.ballots.reminders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.common.UkTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An administrator's round of reminders, sent while the ballot is open and refused within
 * {@link ReminderRounds#BETWEEN_ROUNDS} of one that went.
 */
@Service
class RemindersByHand {

    private final BallotRepository ballots;
    private final ReminderRounds rounds;
    private final Clock clock;

    RemindersByHand(BallotRepository ballots, ReminderRounds rounds, Clock clock) {
        this.ballots = ballots;
        this.rounds = rounds;
        this.clock = clock;
    }

    /** An administrator's reminder, sent now, unless a round went less than {@code BETWEEN_ROUNDS} ago. */
    @Transactional
    Round send(long ballotId, String actor) {
        rounds.hold(ballotId);
        // Read once the lock is held, so a round that waited for another is measured from the one it waited for.
        Instant now = clock.instant();
        Ballot ballot = ballots.findForVoting(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.OPEN || !ballot.acceptsVotesAt(now)) {
            throw new ReminderRefused("Reminders can be sent only while the ballot is open");
        }
        Optional<Instant> last = rounds.lastThatWent(ballotId);
        if (last.isPresent() && now.isBefore(last.get().plus(ReminderRounds.BETWEEN_ROUNDS))) {
            throw new ReminderRefused("The last reminder went " + UkTime.onOrAt(last.get())
                    + " (UK time); another may be sent from "
                    + UkTime.format(toTheNextMinute(last.get().plus(ReminderRounds.BETWEEN_ROUNDS)))
                    + ", so that nobody who has not voted is sent two reminders at once");
        }
        return rounds.send(ballot, Round.byHandKey(), actor, now).orElseThrow();
    }

    /** The minute a time is shown to, rounded up, so that a round asked for at the minute shown is not refused. */
    private static Instant toTheNextMinute(Instant at) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        return minute.equals(at) ? at : minute.plus(Duration.ofMinutes(1));
    }
}
