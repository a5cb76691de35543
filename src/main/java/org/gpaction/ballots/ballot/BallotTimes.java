package org.gpaction.ballots.ballot;

import org.gpaction.common.UkTime;

/** A ballot's times for its page; {@code votersForgotten} with its preposition, as it ends a sentence. */
record BallotTimes(String opens, String closes, String rollCutoff, String rollFrozen, String votersForgotten) {
    static BallotTimes of(Ballot ballot) {
        return new BallotTimes(
                UkTime.format(ballot.opensAt()),
                UkTime.format(ballot.closesAt()),
                UkTime.format(ballot.rollCutoff()),
                ballot.rollFrozenAt() == null ? null : UkTime.format(ballot.rollFrozenAt()),
                ballot.votersForgottenAt() == null ? null : UkTime.onOrAt(ballot.votersForgottenAt()));
    }
}
