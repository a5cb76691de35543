package org.gpaction.notifications.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Builds the RFC 5322 message for a queued email: plain text in UTF-8, from the configured sender unless the
 * message names its own.
 */
final class MimeMessages {

    static final String CATEGORY_HEADER = "X-GpAction-Category";
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final InternetAddress from;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    MimeMessages(MailProperties properties, Clock clock) {
        this.from = properties.fromAddress();
        this.clock = clock;
    }

    MimeMessage build(QueuedEmail email) throws DeliveryFailed {
        try {
            MimeMessage message = new IdentifiedMessage(session, messageId(email));
            if (email.sender() == null) {
                message.setFrom(withUtf8Name(from));
            } else {
                InternetAddress sender = new InternetAddress(
                        email.sender().address(), email.sender().name(), UTF_8);
                sender.validate();
                message.setFrom(sender);
                if (email.sender().replyTo() != null) {
                    message.setReplyTo(new InternetAddress[] {
                        new InternetAddress(email.sender().replyTo(), true)
                    });
                }
            }
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(email.to(), true));
            message.setSubject(email.subject(), UTF_8);
            message.setText(email.body(), UTF_8);
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader(CATEGORY_HEADER, email.category());
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new DeliveryFailed("The message could not be built: " + e.getMessage(), true, e);
        }
    }

    private static InternetAddress withUtf8Name(InternetAddress address) throws UnsupportedEncodingException {
        return new InternetAddress(address.getAddress(), address.getPersonal(), UTF_8);
    }

    /**
     * One attempt at a message always gets the same Message-ID, so a copy of it sent again can be recognised; each
     * attempt gets its own, as an attempt may carry a fresh single-use link that replaces the last one's, and a
     * provider that drops a Message-ID it has seen (as Gmail does) would otherwise leave only the first, dead link. The
     * attempt is counted only once it is recorded, after the server took the message, so an attempt sent again after a
     * crash or a lost commit has the count of the one before, and a fresh link: a digest of the body, link and all,
     * tells the two apart. It is cut short, and of the whole body, so it gives nobody the link or its stored hash.
     */
    private String messageId(QueuedEmail email) {
        String address = from.getAddress();
        String domain = address.substring(address.indexOf('@') + 1);
        return "<outbox." + email.id() + "." + email.createdAt().toEpochMilli() + "." + (email.attempts() + 1) + "."
                + bodyDigest(email.body()) + "@" + domain + ">";
    }

    private static String bodyDigest(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static final class IdentifiedMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
