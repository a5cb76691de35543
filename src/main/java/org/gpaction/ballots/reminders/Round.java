package org.gpaction.ballots.reminders;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.gpaction.common.UkTime;

/**
 * A round of reminders, or a scheduled point marked done without one.
 *
 * @param sent how many members it reminded; 0 for a point that sent nothing
 * @param outcome whether it went, or why it did not
 * @param daysBeforeClose the scheduled point it was, in whole days before the close; null for a round by hand
 * @param skippedForRoundAt for a point {@linkplain Outcome#SKIPPED skipped}, when the round by hand it gave way to
 *     went; otherwise null
 * @param summary what happened, in words, times on the UK clock
 */
record Round(
        long id,
        long ballotId,
        String key,
        String startedBy,
        Instant startedAt,
        int sent,
        Outcome outcome,
        Integer daysBeforeClose,
        Instant skippedForRoundAt,
        String summary) {

    /** What became of a round: sent, or a scheduled point marked done without sending, and why. */
    enum Outcome {
        SENT,
        /**
         * A round was sent by hand within {@link ReminderRounds#BETWEEN_ROUNDS} before the point fell due, or after it
         * passed.
         */
        SKIPPED,
        /** The point had passed when a later one did too, and only the latest is sent. */
        SUPERSEDED
    }

    static final String SKIPPED_BY = "system (skipped)";
    static final String SUPERSEDED_BY = "system (superseded)";
    /** The start of every round by hand's key, the rest a random id. */
    static final String BY_HAND = "manual-";

    private static final String SCHEDULED = "scheduled-";
    /** The key of a scheduled point: claimed once per ballot, so the point is sent once. */
    static String scheduledKey(int daysBeforeClose) {
        return SCHEDULED + daysBeforeClose + "d";
    }

    static String byHandKey() {
        return BY_HAND + UUID.randomUUID();
    }

    /** A round as its row holds it, with its outcome and summary worked out. */
    static Round of(
            long id,
            long ballotId,
            String key,
            String startedBy,
            Instant startedAt,
            int sent,
            boolean went,
            Optional<Instant> skippedFor) {
        Outcome outcome = went ? Outcome.SENT : startedBy.equals(SKIPPED_BY) ? Outcome.SKIPPED : Outcome.SUPERSEDED;
        Integer days = daysBeforeClose(key);
        String what = days == null ? "Sent by hand" : "Scheduled reminder (" + point(days) + ")";
        String summary = switch (outcome) {
            case SENT ->
                what + (days == null ? "" : " sent") + " to " + sent + (sent == 1 ? " member" : " members")
                        + " who had not voted";
            case SKIPPED ->
                what + " not sent: skipped because of the reminder sent by hand"
                        + skippedFor
                                .map(at -> " " + UkTime.onOrAt(at) + " (UK time)")
                                .orElse(" just before");
            case SUPERSEDED ->
                what + " not sent: superseded by a later scheduled reminder, due by the time this one was"
                        + " looked for";
        };
        return new Round(
                id,
                ballotId,
                key,
                startedBy,
                startedAt,
                sent,
                outcome,
                days,
                outcome == Outcome.SKIPPED ? skippedFor.orElse(null) : null,
                summary);
    }

    /** The days before the close a scheduled round's key names; null for a round by hand. */
    private static Integer daysBeforeClose(String key) {
        if (key.startsWith(SCHEDULED) && key.endsWith("d")) {
            return Integer.valueOf(key.substring(SCHEDULED.length(), key.length() - 1));
        }
        return null;
    }

    /** "7 days before the close": a scheduled point in words. */
    static String point(int daysBeforeClose) {
        return daysBeforeClose + (daysBeforeClose == 1 ? " day" : " days") + " before the close";
    }

    /** A round as people read it: its key holds a random id for one sent by hand. */
    static String describe(String key) {
        if (key.startsWith(SCHEDULED) && key.endsWith("d")) {
            return "Scheduled reminder (" + point(daysBeforeClose(key)) + ") sent";
        }
        return "Reminder sent by hand";
    }
}
