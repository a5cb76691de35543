package org.gpaction.ballots;

/** DRAFT → SCHEDULED → OPEN → CLOSED → PUBLISHED. Once open, the question, options and electorate are fixed. */
public enum BallotStatus {
    DRAFT,
    SCHEDULED,
    OPEN,
    CLOSED,
    PUBLISHED
}
