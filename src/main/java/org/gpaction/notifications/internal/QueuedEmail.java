package org.gpaction.notifications.internal;

import java.time.Instant;

/** A message claimed from the outbox for one attempt. */
record QueuedEmail(
        long id,
        String to,
        String subject,
        String body,
        String category,
        String secretLinkReference,
        int attempts,
        Instant createdAt) {

    /** The same message with its secret link made, ready to deliver. */
    QueuedEmail withLink(String link) {
        return new QueuedEmail(
                id,
                to,
                subject,
                body.replace(org.gpaction.notifications.Email.SECRET_LINK, link),
                category,
                null,
                attempts,
                createdAt);
    }

    @Override
    public String toString() {
        return "QueuedEmail[id=" + id + ", category=" + category + "]";
    }
}
