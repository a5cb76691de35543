package org.gpaction.notifications.internal;

import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.javamail.JavaMailSender;

final class SmtpDelivery implements MailDelivery {

    private final JavaMailSender sender;
    private final MimeMessages messages;
    private final String server;

    SmtpDelivery(JavaMailSender sender, MimeMessages messages, String server) {
        this.sender = sender;
        this.messages = messages;
        this.server = server;
    }

    @Override
    public void deliver(QueuedEmail email) throws DeliveryFailed {
        try {
            sender.send(messages.build(email));
        } catch (MailParseException e) {
            throw new DeliveryFailed(Failures.describe(e), true, e);
        } catch (MailException e) {
            throw new DeliveryFailed(Failures.describe(e), false, e);
        }
    }

    /** Host and port, for the administrator's pages. */
    String server() {
        return server;
    }
}
