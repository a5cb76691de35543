package org.gpaction.notifications.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where sent mail goes: an SMTP server, or with none configured, files an administrator can read. */
sealed interface MailDelivery permits SmtpDelivery, MailFolder {

    void deliver(QueuedEmail email) throws DeliveryFailed;

    /** Delivers several messages (over one connection, where there is one); returns the failures by message id. */
    default Map<Long, DeliveryFailed> deliverAll(List<QueuedEmail> emails) {
        Map<Long, DeliveryFailed> failures = new HashMap<>();
        for (QueuedEmail email : emails) {
            try {
                deliver(email);
            } catch (DeliveryFailed e) {
                failures.put(email.id(), e);
            }
        }
        return failures;
    }
}
