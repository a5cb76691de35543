package org.gpaction.notifications.internal;

import java.time.Instant;

/** A message claimed from the outbox for one attempt. */
record QueuedEmail(long id, String to, String subject, String body, String category, int attempts, Instant createdAt) {

    @Override
    public String toString() {
        return "QueuedEmail[id=" + id + ", category=" + category + "]";
    }
}
