package org.gpaction.ballots.reminders;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.common.UkTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rounds the setting schedules, at whole days on the UK clock before each open ballot's close: a scheduled point is
 * sent once across all application instances, and skipped within {@link ReminderRounds#BETWEEN_ROUNDS} after a round
 * sent by hand.
 */
@Service
class ScheduledReminders {

    private static final Logger log = LoggerFactory.getLogger(ScheduledReminders.class);

    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final ReminderRounds rounds;
    private final ReminderProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ScheduledReminders(
            BallotRepository ballots,
            BallotLogEntries logEntries,
            ReminderRounds rounds,
            ReminderProperties properties,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.rounds = rounds;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** As often as {@link ReminderProperties#checkEvery()} says (the bound, validated setting, read here). */
    @Scheduled(
            fixedDelayString =
                    "#{@'gpaction.ballots.reminders-org.gpaction.ballots.reminders.ReminderProperties'.checkEvery().toMillis()}",
            initialDelayString = "PT1M")
    public void sendScheduled() {
        if (properties.daysBeforeClose().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Ballot ballot : ballots.all()) {
            if (ballot.status() == BallotStatus.OPEN && ballot.acceptsVotesAt(now)) {
                try {
                    Integer sent =
                            transactions.execute(status -> sendDue(ballot.id(), properties.daysBeforeClose(), clock));
                    if (sent != null && sent > 0) {
                        log.info("Reminded {} members of ballot {}", sent, ballot.id());
                    }
                } catch (RuntimeException e) {
                    log.error("Scheduled reminders for ballot {} failed; they will be tried again", ballot.id(), e);
                }
            }
        }
    }

    /**
     * Sends the scheduled reminder due for this ballot at this instant, if any: the latest of the configured points
     * before the close that has passed. Points that passed before the ballot opened never fire, and an earlier point
     * missed while nothing ran is marked done rather than sent straight after a later one, as is a point that falls
     * due within {@link ReminderRounds#BETWEEN_ROUNDS} after a round sent by hand (or passed before one was): those it
     * would remind have just been. Returns how many were reminded.
     *
     * <p>The time is read from {@code clock} once the ballot's reminder lock is held: read before, a round by hand that
     * went while this waited for the lock would be later than it, so not seen, and members would be reminded again
     * straight after it; and the close could pass meanwhile, with a round then written as if before it.
     */
    @Transactional
    int sendDue(long ballotId, List<Integer> daysBeforeClose, Clock clock) {
        rounds.hold(ballotId);
        Instant now = clock.instant();
        Ballot ballot = ballots.findForVoting(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.OPEN || !ballot.acceptsVotesAt(now)) {
            return 0;
        }
        List<Integer> due = new ArrayList<>();
        for (int days : daysBeforeClose) {
            // Days on the UK clock: across the change to or from summer time a day is 23 or 25 hours, and "7 days
            // before the close" means the same time of day as the close.
            Instant at = pointAt(ballot, days);
            if (days > 0 && !now.isBefore(at) && ballot.opensAt().isBefore(at)) {
                due.add(days);
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        int latest = due.stream().mapToInt(Integer::intValue).min().orElseThrow();
        for (int days : due) {
            if (days != latest) {
                rounds.markDone(ballot.id(), Round.scheduledKey(days), Round.SUPERSEDED_BY, now, null);
            }
        }
        String key = Round.scheduledKey(latest);
        Optional<Instant> byHand =
                rounds.byHandBetween(ballot.id(), pointAt(ballot, latest).minus(ReminderRounds.BETWEEN_ROUNDS), now);
        if (byHand.isPresent()) {
            if (rounds.markDone(ballot.id(), key, Round.SKIPPED_BY, now, byHand.get())) {
                logEntries.add(
                        ballot.id(),
                        "system",
                        "REMINDER_SKIPPED",
                        "Scheduled reminder (" + Round.point(latest) + ") skipped: a reminder was sent by hand "
                                + UkTime.onOrAt(byHand.get()) + " (UK time)",
                        now);
            }
            return 0;
        }
        return rounds.send(ballot, key, "system", now).map(Round::sent).orElse(0);
    }

    /** When a point falls due: the close's time of day on the UK clock, that many days before. */
    static Instant pointAt(Ballot ballot, int daysBeforeClose) {
        return ballot.closesAt().atZone(UkTime.ZONE).minusDays(daysBeforeClose).toInstant();
    }
}
