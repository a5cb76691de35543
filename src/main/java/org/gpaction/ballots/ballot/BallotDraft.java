package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.List;
import org.gpaction.membership.RuleSet;

/** A ballot's settings once checked. */
record BallotDraft(
        String title,
        String question,
        List<String> options,
        RuleSet ruleSet,
        Instant opensAt,
        Instant closesAt,
        Instant rollCutoff,
        String scrutineerName,
        String senderAddress) {}
