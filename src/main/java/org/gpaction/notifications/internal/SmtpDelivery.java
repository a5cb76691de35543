package org.gpaction.notifications.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

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
     * slow for a ballot's links. Each message counts as sent only once the server has accepted it, so a connection
     * lost part-way fails only the messages not yet accepted, and none is sent twice with a fresh link. The one the
     * server was taking when anything but a refusal on a live connection went wrong may have gone all the same (only
     * its answer lost), and its failure says so: so too if it failed earlier in its handing over and never went.
     */
    @Override
    public Map<Long, DeliveryFailed> deliverAll(List<QueuedEmail> emails) {
        if (!(sender instanceof JavaMailSenderImpl smtp)) {
            return MailDelivery.super.deliverAll(emails);
        }
        Map<Long, DeliveryFailed> failures = new HashMap<>();
        List<QueuedEmail> queued = new ArrayList<>(emails.size());
        List<MimeMessage> built = new ArrayList<>(emails.size());
        for (QueuedEmail email : emails) {
            try {
                built.add(messages.build(email));
                queued.add(email);
            } catch (DeliveryFailed e) {
                failures.put(email.id(), e);
            }
        }
        if (built.isEmpty()) {
            return failures;
        }
        int accepted = 0;
        boolean taking = false;
        try (Transport transport = transport(smtp)) {
            transport.connect(smtp.getHost(), smtp.getPort(), smtp.getUsername(), smtp.getPassword());
            for (; accepted < built.size(); accepted++) {
                MimeMessage message = built.get(accepted);
                taking = true;
                try {
                    transport.sendMessage(message, message.getAllRecipients());
                } catch (SendFailedException refused) {
                    if (!transport.isConnected()) {
                        // The connection gone: the server may have taken the message before it went. This cannot
                        // tell a lost answer after the data from a failure earlier (a refusal, then a close), so it
                        // errs towards counting it, as does any other error while the message was being taken.
                        throw refused;
                    }
                    // The server refused this message's recipient; the connection is still good for the rest.
                    failures.put(
                            queued.get(accepted).id(), new DeliveryFailed(Failures.describe(refused), false, refused));
                }
                taking = false;
            }
        } catch (MessagingException e) {
            if (accepted < built.size()) {
                DeliveryFailed failure = new DeliveryFailed(Failures.describe(e), false, e);
                for (int i = accepted; i < built.size(); i++) {
                    failures.put(queued.get(i).id(), failure);
                }
                if (taking) {
                    failures.put(queued.get(accepted).id(), new DeliveryFailed(Failures.describe(e), false, true, e));
                }
            }
            // Otherwise only closing the connection after the last message failed: every message was accepted.
        }
        return failures;
    }

    /** The transport the sender itself would use: its protocol, else the session's, else SMTP. */
    private static Transport transport(JavaMailSenderImpl smtp) throws MessagingException {
        String protocol = smtp.getProtocol();
        if (protocol == null) {
            protocol = smtp.getSession().getProperty("mail.transport.protocol");
        }
        return smtp.getSession().getTransport(protocol == null ? JavaMailSenderImpl.DEFAULT_PROTOCOL : protocol);
    }

    /** Host and port, for the administrator's pages. */
    String server() {
        return server;
    }
}
