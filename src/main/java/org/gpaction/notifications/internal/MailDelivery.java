package org.gpaction.notifications.internal;

/** Where sent mail goes: an SMTP server, or with none configured, files an administrator can read. */
sealed interface MailDelivery permits SmtpDelivery, MailFolder {

    void deliver(QueuedEmail email) throws DeliveryFailed;
}
