package org.gpaction.ballots.internal;

public class BallotNotFound extends RuntimeException {

    public BallotNotFound(long id) {
        super("There is no ballot " + id);
    }
}
