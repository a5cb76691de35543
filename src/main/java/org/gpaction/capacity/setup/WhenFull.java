package org.gpaction.capacity.setup;

/**
 * What the online front door does once the practice is full. The GP contract (from 1 October 2025) keeps the
 * online tool open 08:00–18:30 on weekdays unless the ICB agrees otherwise, so each practice chooses.
 */
public enum WhenFull {
    /** The front door closes until the next working day; routine requests are not taken. */
    CLOSE,
    /** The front door stays open: routine requests go onto the next working day's waiting list, with signposting. */
    STAY_OPEN_SIGNPOST
}
