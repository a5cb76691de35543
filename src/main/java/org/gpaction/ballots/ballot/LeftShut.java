package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.common.UkTime;
import org.springframework.stereotype.Component;

/**
 * A scheduled ballot the clock left shut past its opening time, for want of a trustee's key or because its closing time
 * had passed: it is never opened, and stays scheduled until unscheduled. A refusal that would say its roll is made when
 * it opens says this instead. The test is unscheduling's, so what it sends someone to do is not itself refused.
 */
@Component
public class LeftShut {

    private final TrusteesOnRecord trustees;

    LeftShut(TrusteesOnRecord trustees) {
        this.trustees = trustees;
    }

    /** That the clock left the ballot shut and what it needs before it can open, or empty if the clock did not. */
    public Optional<String> why(Ballot ballot, Instant now) {
        if (ballot.status() != BallotStatus.SCHEDULED || ballot.opensAt().isAfter(now)) {
            return Optional.empty();
        }
        if (!ballot.closesAt().isAfter(now)) {
            return Optional.of("The clock left this ballot shut, and its log says why; its closing time, "
                    + UkTime.format(ballot.closesAt()) + " (UK time), has passed, so it will not open: it must be"
                    + " unscheduled (and given new times and scheduled again, if wanted)");
        }
        if (trustees.count(ballot.id()) == 0) {
            return Optional.of("The clock left this ballot shut at its opening time, " + UkTime.format(ballot.opensAt())
                    + " (UK time), and its log says why; it cannot open until it is unscheduled (and scheduled again,"
                    + " if wanted)");
        }
        // Keyed and inside its window, it is opened on the clock's next run.
        return Optional.empty();
    }
}
