package org.gpaction.ballots.ballot;

import java.util.Arrays;
import java.util.List;

/**
 * The ballot form as typed: options one per line, and each time in four boxes (day, month, year, and a time on the
 * 24-hour clock) in UK time, the GOV.UK date-input pattern.
 */
record BallotForm(
        String title,
        String question,
        String options,
        String ruleSet,
        String opensAtDay,
        String opensAtMonth,
        String opensAtYear,
        String opensAtTime,
        String closesAtDay,
        String closesAtMonth,
        String closesAtYear,
        String closesAtTime,
        String rollCutoffDay,
        String rollCutoffMonth,
        String rollCutoffYear,
        String rollCutoffTime,
        String scrutineerName,
        String senderAddress) {

    static BallotForm blank() {
        return new BallotForm("", "", "Yes\nNo", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "");
    }

    /** A draft's settings as the form shows them, times in UK time. */
    static BallotForm of(Ballot ballot) {
        UkDateTimeEntry.Typed opens = UkDateTimeEntry.Typed.of(ballot.opensAt());
        UkDateTimeEntry.Typed closes = UkDateTimeEntry.Typed.of(ballot.closesAt());
        UkDateTimeEntry.Typed cutoff = UkDateTimeEntry.Typed.of(ballot.rollCutoff());
        return new BallotForm(
                ballot.title(),
                ballot.question(),
                String.join("\n", ballot.options()),
                ballot.ruleSet().name(),
                opens.day(),
                opens.month(),
                opens.year(),
                opens.time(),
                closes.day(),
                closes.month(),
                closes.year(),
                closes.time(),
                cutoff.day(),
                cutoff.month(),
                cutoff.year(),
                cutoff.time(),
                ballot.scrutineerName(),
                ballot.senderAddress());
    }

    List<String> optionList() {
        if (options == null) {
            return List.of();
        }
        return Arrays.stream(options.split("\\R"))
                .map(String::strip)
                .filter(option -> !option.isEmpty())
                .toList();
    }

    /** The four boxes of one of the times: opensAt, closesAt or rollCutoff. */
    UkDateTimeEntry.Typed typed(String time) {
        return switch (time) {
            case "opensAt" -> new UkDateTimeEntry.Typed(opensAtDay, opensAtMonth, opensAtYear, opensAtTime);
            case "closesAt" -> new UkDateTimeEntry.Typed(closesAtDay, closesAtMonth, closesAtYear, closesAtTime);
            case "rollCutoff" ->
                new UkDateTimeEntry.Typed(rollCutoffDay, rollCutoffMonth, rollCutoffYear, rollCutoffTime);
            default -> throw new IllegalArgumentException("No time field " + time);
        };
    }
}
