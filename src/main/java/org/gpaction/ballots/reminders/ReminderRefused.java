package org.gpaction.ballots.reminders;

/** A reminder that cannot be sent now; nothing was sent. */
public class ReminderRefused extends RuntimeException {

    public ReminderRefused(String message) {
        super(message);
    }
}
