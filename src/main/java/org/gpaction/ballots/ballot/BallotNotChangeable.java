package org.gpaction.ballots.ballot;

import org.gpaction.ballots.BallotStatus;

/** A change asked of a ballot in a state that does not allow it, with the reason in words. */
public class BallotNotChangeable extends RuntimeException {

    public BallotNotChangeable(String message) {
        super(message);
    }

    /** The ballot, if it is a draft; otherwise refused for a draft's page, saying why it can no longer be {@code done}. */
    static Ballot unlessDraft(Ballot ballot, String done) {
        if (ballot.status() != BallotStatus.DRAFT) {
            throw new BallotNotChangeable("Only a draft can be " + done + "; this ballot is " + ballot.status()
                    + (ballot.status() == BallotStatus.SCHEDULED
                            ? ". Unschedule it first, before it opens"
                            : ", and once voting opens its settings are fixed"));
        }
        return ballot;
    }
}
