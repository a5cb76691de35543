package org.gpaction.ballots.internal;

import java.time.Clock;
import java.time.Instant;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.common.UkTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves ballots on by themselves: opening (issuing the roll's links), freezing the roll at the cut-off, and
 * closing. Whether a vote counts never depends on this running on time: casting checks the window itself. Each
 * due ballot is claimed with SKIP LOCKED, so several application instances share the work without doing it twice.
 */
@Component
class BallotClock {

    private static final Logger log = LoggerFactory.getLogger(BallotClock.class);

    private final BallotRepository ballots;
    private final RollKeeper rolls;
    private final Results results;
    private final Clock clock;

    BallotClock(BallotRepository ballots, RollKeeper rolls, Results results, Clock clock) {
        this.ballots = ballots;
        this.rolls = rolls;
        this.results = results;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${gpaction.ballots.tick:PT1S}")
    @Transactional
    public void tick() {
        Instant now = clock.instant();
        for (Ballot ballot : ballots.claimDue(now)) {
            if (ballot.status() == BallotStatus.SCHEDULED && !ballot.opensAt().isAfter(now)) {
                int added = rolls.addEligible(ballot, now, "opening");
                ballots.advance(ballot.id(), BallotStatus.OPEN, now);
                ballots.log(ballot.id(), "system", "OPENED", "Opened; " + added + " members sent their links", now);
                log.info("Ballot {} opened with {} members on the roll", ballot.id(), added);
            }
            if (ballot.rollFrozenAt() == null && !ballot.rollCutoff().isAfter(now)) {
                int added = rolls.addEligible(ballot, ballot.rollCutoff(), "roll cut-off");
                ballots.markRollFrozen(ballot.id(), now);
                ballots.log(
                        ballot.id(),
                        "system",
                        "ROLL_FROZEN",
                        "Roll frozen at the cut-off, " + UkTime.format(ballot.rollCutoff()) + "; " + added
                                + " added in the last pass",
                        now);
            }
            if (!ballot.closesAt().isAfter(now)
                    && (ballot.status() == BallotStatus.OPEN || ballot.status() == BallotStatus.SCHEDULED)) {
                ballots.sealBallotBox(ballot.id());
                ballots.advance(ballot.id(), BallotStatus.CLOSED, now);
                ballots.setLogHash(ballot.id(), results.logHash(ballot.id()));
                ballots.log(ballot.id(), "system", "CLOSED", "Closed at " + UkTime.format(ballot.closesAt()), now);
                log.info("Ballot {} closed", ballot.id());
            }
        }
    }
}
