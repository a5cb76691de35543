package org.gpaction.ballots.casting;

import org.gpaction.ballots.ballot.Ballot;

/** Why a link could not record a vote. Nothing was recorded. */
public class VoteRefused extends RuntimeException {

    public enum Reason {
        UNKNOWN_LINK,
        ALREADY_USED,
        REPLACED,
        NOT_OPEN_YET,
        CLOSED,
        INVALID_CHOICE
    }

    private final Reason reason;
    private final Ballot ballot;

    VoteRefused(Reason reason, Ballot ballot) {
        super(reason.name());
        this.reason = reason;
        this.ballot = ballot;
    }

    public Reason reason() {
        return reason;
    }

    /** The ballot the link belongs to, for saying when it opens or closed; null for an unknown link. */
    Ballot ballot() {
        return ballot;
    }
}
