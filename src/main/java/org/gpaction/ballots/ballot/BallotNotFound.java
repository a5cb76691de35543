package org.gpaction.ballots.ballot;

public class BallotNotFound extends RuntimeException {

    public BallotNotFound(long id) {
        super("There is no ballot " + id);
    }
}
