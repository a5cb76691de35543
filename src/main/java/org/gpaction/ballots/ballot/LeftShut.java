package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.common.UkTime;
import org.springframework.stereotype.Component;

/**
 * A scheduled ballot the clock left shut past its opening time, for want of a trustee's key or because its closing time
 * had passed: it is never opened, and stays scheduled until unscheduled. A refusal that would say its roll is made when
 * it opens says this instead. The test is unscheduling's, so what it sends someone to do is not itself refused. Before
 * the clock's run has written why in the ballot's log (moments after the opening time, or the application down over
 * it), the words give the reason themselves rather than send anyone to a log that says nothing yet.
 */
@Component
public class LeftShut {

    /** The clock's log entry for a ballot it left shut for want of a trustee's key. */
    public static final String NOT_OPENED = "NOT_OPENED";

    /** The clock's log entry for a ballot it left shut because its closing time had passed. */
    public static final String NOT_OPENED_CLOSED = "NOT_OPENED_CLOSED";

    private final TrusteesOnRecord trustees;
    private final BallotLogEntries logEntries;

    LeftShut(TrusteesOnRecord trustees, BallotLogEntries logEntries) {
        this.trustees = trustees;
        this.logEntries = logEntries;
    }

    /** That the clock left the ballot shut and what it needs before it can open, or empty if the clock did not. */
    public Optional<String> why(Ballot ballot, Instant now) {
        if (ballot.status() != BallotStatus.SCHEDULED || ballot.opensAt().isAfter(now)) {
            return Optional.empty();
        }
        if (!ballot.closesAt().isAfter(now)) {
            String closed = UkTime.format(ballot.closesAt()) + " (UK time)";
            return Optional.of((clockSaidWhy(ballot.id())
                            ? "The clock left this ballot shut, and its log says why; its closing time, " + closed
                                    + ", has passed, so it will not open"
                            : "It did not open before its closing time, " + closed + ", passed, so it will not"
                                    + " open")
                    + ": it must be unscheduled (and given new times and scheduled again, if wanted)");
        }
        if (trustees.count(ballot.id()) == 0) {
            String opened = UkTime.format(ballot.opensAt()) + " (UK time)";
            return Optional.of(
                    clockSaidWhy(ballot.id())
                            ? "The clock left this ballot shut at its opening time, " + opened + ", and its log says"
                                    + " why; it cannot open until it is unscheduled (and scheduled again, if wanted)"
                            : "It has no trustee's key, so it did not open at its opening time, " + opened + ", and it"
                                    + " cannot open until it is unscheduled (and given a key and scheduled again, if"
                                    + " wanted)");
        }
        // Keyed and inside its window, it is opened on the clock's next run.
        return Optional.empty();
    }

    /** Whether the clock has written why it left the ballot shut since the ballot was last scheduled. */
    private boolean clockSaidWhy(long ballotId) {
        return logEntries.hasSinceScheduled(ballotId, List.of(NOT_OPENED, NOT_OPENED_CLOSED));
    }
}
