package org.gpaction.ballots.casting;

import java.time.Instant;
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
    private final Instant replacedAt;

    VoteRefused(Reason reason, Ballot ballot, Instant replacedAt) {
        super(reason.name());
        this.reason = reason;
        this.ballot = ballot;
        this.replacedAt = replacedAt;
    }

    /** When a newer link replaced this one, for a REPLACED link. */
    Instant replacedAt() {
        return replacedAt;
    }

    public Reason reason() {
        return reason;
    }

    /** The ballot the link belongs to, for saying when it opens or closed; null for an unknown link. */
    Ballot ballot() {
        return ballot;
    }
}
