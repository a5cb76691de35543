package org.gpaction.ballots.ballot;

import java.util.ArrayList;
import java.util.List;
import org.gpaction.common.UkTime;

/** What a change to a draft changed, in words, for the ballot log. */
final class DraftChangeWords {

    private DraftChangeWords() {}

    static String of(Ballot before, BallotDraft after) {
        List<String> changed = new ArrayList<>();
        if (!before.title().equals(after.title())) {
            changed.add("title");
        }
        if (!before.question().equals(after.question())) {
            changed.add("question");
        }
        if (!before.options().equals(after.options())) {
            changed.add("options (now " + String.join(", ", after.options()) + ")");
        }
        if (before.ruleSet() != after.ruleSet()) {
            changed.add("who may vote (now " + after.ruleSet().label() + ")");
        }
        if (!before.opensAt().equals(after.opensAt())) {
            changed.add("opening (now " + UkTime.format(after.opensAt()) + ")");
        }
        if (!before.closesAt().equals(after.closesAt())) {
            changed.add("closing (now " + UkTime.format(after.closesAt()) + ")");
        }
        if (!before.rollCutoff().equals(after.rollCutoff())) {
            changed.add("roll cut-off (now " + UkTime.format(after.rollCutoff()) + ")");
        }
        if (!before.scrutineerName().equals(after.scrutineerName())) {
            changed.add("scrutineer (now " + after.scrutineerName() + ")");
        }
        if (!before.senderAddress().equals(after.senderAddress())) {
            changed.add("sender address (now " + after.senderAddress() + ")");
        }
        return changed.isEmpty() ? "Draft saved without changes" : "Draft changed: " + String.join("; ", changed);
    }
}
