package org.gpaction.capacity.setup;

import java.time.LocalDate;

/**
 * A practice's set-up was saved, today's caps with it: published in the save's transaction, which holds today's lock
 * as a booking does, so that what follows from today's caps (the moment they left the practice full) is recorded with
 * the change, timed by whoever hears it while the lock is still held.
 *
 * @param day the day whose lock the save holds, today when it began
 * @param hadRoutineRoom whether that day had room for routine need before the save, read under the lock
 */
public record SetupSaved(String odsCode, LocalDate day, boolean hadRoutineRoom) {}
