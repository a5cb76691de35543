package org.gpaction.ballots.ballot;

/** A change asked of a ballot in a state that does not allow it, with the reason in words. */
public class BallotNotChangeable extends RuntimeException {

    public BallotNotChangeable(String message) {
        super(message);
    }
}
