package org.gpaction.notifications.internal;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;
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

    /**
     * The whole batch over one connection: opening one per message held sending to a few dozen a second, far too
     * slow for a ballot's links. A message the server refuses fails alone; a connection that fails fails them all.
     */
    @Override
    public Map<Long, DeliveryFailed> deliverAll(List<QueuedEmail> emails) {
        Map<Long, DeliveryFailed> failures = new HashMap<>();
        Map<MimeMessage, Long> built = new IdentityHashMap<>();
        List<MimeMessage> batch = new ArrayList<>(emails.size());
        for (QueuedEmail email : emails) {
            try {
                MimeMessage message = messages.build(email);
                built.put(message, email.id());
                batch.add(message);
            } catch (DeliveryFailed e) {
                failures.put(email.id(), e);
            }
        }
        if (batch.isEmpty()) {
            return failures;
        }
        try {
            sender.send(batch.toArray(MimeMessage[]::new));
        } catch (MailSendException e) {
            // With no failed messages, only closing the connection after sending them all went wrong.
            e.getFailedMessages().forEach((message, cause) -> {
                Long id = built.get(message);
                if (id != null) {
                    failures.put(id, new DeliveryFailed(Failures.describe(cause), false, cause));
                }
            });
        } catch (MailParseException e) {
            built.values().forEach(id -> failures.put(id, new DeliveryFailed(Failures.describe(e), true, e)));
        } catch (MailException e) {
            built.values().forEach(id -> failures.put(id, new DeliveryFailed(Failures.describe(e), false, e)));
        }
        return failures;
    }

    /** Host and port, for the administrator's pages. */
    String server() {
        return server;
    }
}
