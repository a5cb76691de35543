package org.gpaction.capacity.setup;

import java.time.Instant;

/**
 * A practice's set-up was saved, today's caps with it: published in the save's transaction, which holds today's lock
 * as a booking does, so that what follows from today's caps (the moment they left the practice full) is recorded with
 * the change.
 */
public record SetupSaved(String odsCode, Instant at) {}
