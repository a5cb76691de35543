package org.gpaction.ballots.reminders;

/** A reminder that cannot be sent now; nothing was sent. */
class ReminderRefused extends RuntimeException {

    ReminderRefused(String message) {
        super(message);
    }
}
