package org.gpaction.ballots.reminders;

import java.time.Instant;

/**
 * A scheduled point still to come: it goes to the members who have not voted by then, unless a round is sent by hand
 * within {@link ReminderRounds#BETWEEN_ROUNDS} before it.
 *
 * @param daysBeforeClose the point, in whole days before the close
 * @param at when it falls due, on the UK clock's time of day of the close
 * @param summary when it will go, in words, on the UK clock
 */
record UpcomingPoint(long ballotId, int daysBeforeClose, Instant at, String summary) {}
