package org.gpaction.ballots.ballot;

import java.time.Instant;
import org.gpaction.common.UkTime;

/**
 * Which state of a ballot a page or an API client saw: every change to a draft's settings or to its trustees' keys
 * takes the next number, and so do scheduling it, unscheduling it and its return to draft when a trustee's key is
 * exposed, so that a page or an ETag from before any of them changes nothing after it. Each page that saves, schedules,
 * unschedules or deletes the ballot or changes its keys carries the number it showed, and the API gives it as the ETag.
 * {@code at} and {@code by} are the last change's (the creation's until the first). Public for the trustees' forms and
 * API, whose key changes are checked against it too. (Migration V24, which added the column, speaks of settings only:
 * it is left as it was applied.)
 */
public record DraftVersion(long ballotId, long number, Instant at, String by) {

    /** When and by whom, as the refusals say it. */
    public String changed() {
        return "changed " + whenAndBy(at, by);
    }

    /** When (UK time) and by whom a step was taken, as the refusals say it. */
    static String whenAndBy(Instant at, String by) {
        return UkTime.onOrAt(at) + " (UK time) by " + by;
    }

    /** Refuses a change made on another version than this one, or from a page that did not say which. */
    public void require(Long seen) {
        if (seen == null || seen != number) {
            throw new ChangedMeanwhile(this, seen);
        }
    }

    /** The version a page carries, which its change is made on; empty or not a number reads as none, refused. */
    public static Expected carried(String carried) {
        return Expected.seen(read(carried));
    }

    /** The number a page carries; empty or not a number reads as none. */
    public static Long read(String carried) {
        if (carried == null || carried.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(carried.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The version a change is made on: the one a page or an If-Match named ({@code seen}; none, from a page that did
     * not say which, is refused), or {@code ANY}, whatever version the ballot is at (an API request without If-Match
     * or with *, and callers that check no version).
     */
    public record Expected(Long seen, boolean any) {

        public static final Expected ANY = new Expected(null, true);

        public static Expected seen(Long seen) {
            return new Expected(seen, false);
        }
    }

    /**
     * The ballot changed (its settings, its trustees' keys or whether it is scheduled) after the version a change was
     * made on (null: a page that did not say which); nothing was changed. Carries the version it has now, to show the
     * ballot as it is.
     */
    public static final class ChangedMeanwhile extends RuntimeException {

        private final DraftVersion current;
        private final Long seen;

        ChangedMeanwhile(DraftVersion current, Long seen) {
            super("The draft was " + current.changed() + " after version " + seen, null, false, false);
            this.current = current;
            this.seen = seen;
        }

        public DraftVersion current() {
            return current;
        }

        /** What a person on a page is told: when, by whom, and what to do ({@code again}: "save", "schedule it"). */
        public String onPage(String again, String notDone) {
            return onPage("draft", again, notDone);
        }

        /** As {@link #onPage}, on the page of a scheduled ballot (the unscheduling's confirmation), not a draft's. */
        String onBallotPage(String again, String notDone) {
            return onPage("ballot", again, notDone);
        }

        private String onPage(String what, String again, String notDone) {
            if (seen == null) {
                return "This page did not say which version of the " + what + " it changes, so " + notDone
                        + ": check the " + what + " as it is now and " + again + " again";
            }
            return "The " + what + " was " + current.changed() + " after you opened this page: check it and " + again
                    + " again (" + notDone + ")";
        }
    }
}
