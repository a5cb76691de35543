package org.gpaction.ballots.clock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotBox;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.ExposedTrustees;
import org.gpaction.ballots.ballot.KeyNotices;
import org.gpaction.ballots.ballot.LeftShut;
import org.gpaction.ballots.ballot.TrusteesOnRecord;
import org.gpaction.ballots.casting.KeptReceipts;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.common.CountWords;
import org.gpaction.common.UkTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Moves ballots on by themselves: opening (issuing the roll's links), adding members who became eligible once each UK
 * day until the cut-off, freezing the roll at the cut-off, and closing. A ballot first found after its closing time is
 * never opened: nobody is sent a link to a closed ballot. Whether a vote counts never depends on this running on time:
 * casting checks the window itself. Each due ballot is claimed with SKIP LOCKED, so several application instances
 * share the work without doing it twice.
 */
@Component
class BallotClock {

    private static final Logger log = LoggerFactory.getLogger(BallotClock.class);

    private static final String NOT_OPENED = LeftShut.NOT_OPENED;

    private static final String NO_KEY = "Not opened at its opening time: it has no trustee's key, so no vote could be"
            + " encrypted. Nobody was sent a link and no vote can be cast. Unschedule it (its page allows that even"
            + " after its opening time), add its trustees' keys and schedule it again; it is not closed meanwhile";

    private static final String NOT_OPENED_CLOSED = LeftShut.NOT_OPENED_CLOSED;

    private static final String CLOSED_BEFORE_OPENING = "Not opened: its closing time had passed when it was first"
            + " found due to open (the application was not running from its opening time to its closing time), so"
            + " nobody could vote in it. Nobody was sent a link and no vote can be cast. Unschedule it (its page allows"
            + " that after its closing time), give it new times and schedule it again; it is not closed meanwhile";

    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final TrusteesOnRecord trusteesOnRecord;
    private final BallotBox ballotBox;
    private final ExposedTrustees exposedTrustees;
    private final KeyNotices keyNotices;
    private final RollKeeper rolls;
    private final Results results;
    private final KeptReceipts keptReceipts;
    private final Clock clock;
    private final DataSource dataSource;

    BallotClock(
            BallotRepository ballots,
            BallotLogEntries logEntries,
            TrusteesOnRecord trusteesOnRecord,
            BallotBox ballotBox,
            ExposedTrustees exposedTrustees,
            KeyNotices keyNotices,
            RollKeeper rolls,
            Results results,
            KeptReceipts keptReceipts,
            Clock clock,
            DataSource dataSource) {
        this.dataSource = dataSource;
        this.keptReceipts = keptReceipts;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.trusteesOnRecord = trusteesOnRecord;
        this.ballotBox = ballotBox;
        this.exposedTrustees = exposedTrustees;
        this.keyNotices = keyNotices;
        this.rolls = rolls;
        this.results = results;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${gpaction.ballots.tick:PT1S}")
    @Transactional
    public void tick() {
        Instant now = clock.instant();
        Set<Long> openedNow = new HashSet<>();
        for (Ballot ballot : ballots.claimDue(now)) {
            boolean open = ballot.status() == BallotStatus.OPEN;
            if (ballot.status() == BallotStatus.SCHEDULED
                    && !ballot.opensAt().isAfter(now)
                    && exposedTrustees.returnedToDraft(ballot.id(), "system", now)) {
                // A key found exposed is made a draft at once; one that was not (exposed before that was done, or
                // written in the database) is caught here, and never encrypts a vote.
                log.warn("Ballot {} not opened: a trustee's key is exposed, so it is a draft again", ballot.id());
                continue;
            }
            if (ballot.status() == BallotStatus.SCHEDULED && !ballot.opensAt().isAfter(now)) {
                // A ballot scheduled before scheduling needed a trustee's key, or whose key row was lost, has nothing
                // to encrypt votes to: it stays shut, and says why once each time it is scheduled.
                boolean keyed = trusteesOnRecord.count(ballot.id()) > 0;
                if (keyed && ballot.closesAt().isAfter(now)) {
                    // Opened late (the app was down) after its roll cut-off, who is eligible is judged as at the
                    // cut-off, as the roll's last pass would have: nobody is added for becoming eligible after it.
                    boolean afterCutoff = now.isAfter(ballot.rollCutoff());
                    int added = rolls.addEligible(ballot, afterCutoff ? ballot.rollCutoff() : now, "opening");
                    ballots.advance(ballot.id(), BallotStatus.OPEN, now);
                    // The day's roll pass is left due, for the next tick: a member whose join (or change, or import)
                    // committed after the opening read the members found the ballot still scheduled, and their own pass
                    // skipped it. That pass, with the members as they are once this commits, adds them (and nobody
                    // already on the roll) rather than leaving them without a link until the next UK midnight.
                    ballots.markRollUpdated(
                            ballot.id(), LocalDate.ofInstant(now, UkTime.ZONE).minusDays(1));
                    openedNow.add(ballot.id());
                    logEntries.add(
                            ballot.id(),
                            "system",
                            "OPENED",
                            "Opened; " + CountWords.of(added, "member sent their link", "members sent their links")
                                    + (afterCutoff
                                            ? ", eligible as at the roll cut-off, " + UkTime.format(ballot.rollCutoff())
                                                    + ", which had passed"
                                            : ""),
                            now);
                    keyNotices.tell(
                            ballot.id(),
                            "Opened",
                            "\"" + ballot.title() + "\" (ballot " + ballot.id() + ") opened, and its votes are now"
                                    + " encrypted to the keys below",
                            now);
                    log.info("Ballot {} opened with {} members on the roll", ballot.id(), added);
                    open = true;
                } else if (!keyed) {
                    if (!logEntries.hasSinceScheduled(ballot.id(), List.of(NOT_OPENED))) {
                        logEntries.add(ballot.id(), "system", NOT_OPENED, NO_KEY, now);
                        log.warn("Ballot {} not opened at its opening time: it has no trustee's key", ballot.id());
                    }
                } else if (!logEntries.hasSinceScheduled(ballot.id(), List.of(NOT_OPENED_CLOSED))) {
                    // First found after its close (the app was down over its whole window): opened now, it would
                    // email everyone a link to a ballot that has closed, and close with nothing cast.
                    logEntries.add(ballot.id(), "system", NOT_OPENED_CLOSED, CLOSED_BEFORE_OPENING, now);
                    log.warn("Ballot {} not opened: its closing time had passed when it was found due", ballot.id());
                }
            }
            if (ballot.rollFrozenAt() == null && !ballot.rollCutoff().isAfter(now)) {
                // A ballot that stayed shut sends no links at its cut-off either: they could not vote. Nor does one
                // whose close has passed too (the app was down over both, or its cut-off is its close, as ballots made
                // before that was refused may have): a member added then could never vote, yet would count as eligible.
                boolean votingClosed = !now.isBefore(ballot.closesAt());
                int added = open && !votingClosed ? rolls.addEligible(ballot, ballot.rollCutoff(), "roll cut-off") : 0;
                ballots.markRollFrozen(ballot.id(), now);
                logEntries.add(
                        ballot.id(),
                        "system",
                        "ROLL_FROZEN",
                        "Roll frozen at the cut-off, " + UkTime.format(ballot.rollCutoff()) + "; "
                                + (open && votingClosed
                                        ? "nobody added in a last pass: voting had closed"
                                        : added + " added in the last pass"),
                        now);
            }
            // Only a ballot that opened closes: one kept shut for want of a key, or first found past its close (after
            // the app was down), stays scheduled, to be unscheduled and scheduled again, rather than closing with
            // nothing to count.
            if (!ballot.closesAt().isAfter(now) && open) {
                ballotBox.seal(ballot.id());
                ballots.advance(ballot.id(), BallotStatus.CLOSED, now);
                ballotBox.fixVoterCounts(ballot.id());
                ballotBox.mixPapers(ballot.id());
                keptReceipts.forgetAtClose(ballot.id());
                vacuumPapersAfterCommit();
                ballots.setLogHash(ballot.id(), results.logHash(ballot.id()));
                long voted = ballotBox.voted(ballot.id());
                logEntries.add(
                        ballot.id(),
                        "system",
                        "CLOSED",
                        "Closed " + UkTime.onOrAt(ballot.closesAt()) + "; " + voted
                                + (voted == 1 ? " member" : " members")
                                + " voted: the count must find as many ballot papers",
                        now);
                log.info("Ballot {} closed", ballot.id());
            }
        }
        addNewlyEligibleOnceADay(now, openedNow);
    }

    /**
     * A member can become eligible with nothing changed about them, so no event tells the roll: a partner's role
     * recorded ahead of its start comes into force at midnight. Until the cut-off, each open ballot's roll is passed over
     * once each UK day, at the first tick after midnight on the UK clock. A ballot this tick opened is passed over at the
     * next tick instead, after its opening commits, so that pass reads the changes made while it was opening.
     */
    private void addNewlyEligibleOnceADay(Instant now, Set<Long> openedNow) {
        LocalDate today = LocalDate.ofInstant(now, UkTime.ZONE);
        for (Ballot ballot : ballots.claimRollUpdates(now, today)) {
            if (openedNow.contains(ballot.id())) {
                continue;
            }
            int added = rolls.addEligible(ballot, now, "roll update before the cut-off");
            ballots.markRollUpdated(ballot.id(), today);
            if (added > 0) {
                log.info("Ballot {}: {} members who became eligible today added to the roll", ballot.id(), added);
            }
        }
    }

    /**
     * The papers' earlier versions stay on disk as dead rows until vacuumed; vacuuming once the close commits removes
     * them, and with them the pairing the mixing undid. VACUUM cannot run in a transaction, so it gets a connection
     * of its own.
     */
    private void vacuumPapersAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try (Connection connection = dataSource.getConnection();
                        Statement statement = connection.createStatement()) {
                    connection.setAutoCommit(true);
                    statement.execute("vacuum ballots.ballot_paper");
                } catch (SQLException e) {
                    log.warn("Could not vacuum the ballot papers after a close; autovacuum will", e);
                }
            }
        });
    }
}
