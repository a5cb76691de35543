package org.gpaction.notifications.internal;

import java.time.Instant;
import org.gpaction.notifications.Sender;

/**
 * A message claimed from the outbox for one attempt; a null sender is the configured one. {@code mayHaveGone}: an
 * earlier attempt began handing it to the mail server and its outcome was never recorded (its instance stopped), so
 * that copy may have been delivered.
 */
record QueuedEmail(
        long id,
        String to,
        String subject,
        String body,
        String category,
        String secretLinkReference,
        int attempts,
        Instant createdAt,
        Sender sender,
        boolean mayHaveGone) {

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
                createdAt,
                sender,
                mayHaveGone);
    }

    @Override
    public String toString() {
        return "QueuedEmail[id=" + id + ", category=" + category + "]";
    }
}
