package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.membership.RuleSet;

/**
 * A ballot as stored. The window is [opensAt, closesAt): a vote counts only if recorded before closesAt.
 * {@code votersForgottenAt} is when its records about voters were deleted at the end of their retention period.
 */
public record Ballot(
        long id,
        String title,
        String question,
        List<String> options,
        RuleSet ruleSet,
        Instant opensAt,
        Instant closesAt,
        Instant rollCutoff,
        String scrutineerName,
        String senderAddress,
        BallotStatus status,
        Instant rollFrozenAt,
        Instant votersForgottenAt) {

    public Ballot {
        options = List.copyOf(options);
    }

    /** Voting is possible: scheduled or open, and the clock inside the window. Drafts never take votes. */
    public boolean acceptsVotesAt(Instant now) {
        return (status == BallotStatus.SCHEDULED || status == BallotStatus.OPEN)
                && !now.isBefore(opensAt)
                && now.isBefore(closesAt);
    }

    public boolean rollOpenAt(Instant now) {
        return rollFrozenAt == null && now.isBefore(rollCutoff);
    }
}
