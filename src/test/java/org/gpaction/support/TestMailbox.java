package org.gpaction.support;

import static org.awaitility.Awaitility.await;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the shared test SMTP server received. Every test shares it, so each test sends to addresses of its own
 * ({@link #uniqueAddress(String)}).
 */
public final class TestMailbox {

    /**
     * How long a test waits for mail, or for the background work that sends it: the outbox dispatcher polls every
     * 200 ms, but on a loaded CI machine a run can wait seconds for a connection or the processors, and a wait that
     * ends sooner fails the test though the mail is coming. A test whose mail has arrived waits no longer.
     */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]']");

    private TestMailbox() {}

    /** One received message, decoded; the body's line ends are {@code \n}. */
    public record Message(String from, String to, String subject, String body, MimeMessage mime) {

        /** The first http(s) link in the body. */
        public String firstLink() {
            return TestMailbox.firstLink(body)
                    .orElseThrow(() -> new AssertionError("No link in the message \"" + subject + "\""));
        }
    }

    /** An address no other test uses, e.g. {@code joining-1f3a…@mail.test}. */
    public static String uniqueAddress(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID() + "@mail.test";
    }

    /** Waits for the first message to this address and returns it. */
    public static Message awaitMessageTo(String address) {
        return awaitMessagesTo(address, 1).get(0);
    }

    /** Waits until exactly {@code count} messages to this address have arrived, and returns them. */
    public static List<Message> awaitMessagesTo(String address, int count) {
        await().atMost(DEFAULT_WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> messagesTo(address).size() >= count);
        List<Message> messages = messagesTo(address);
        if (messages.size() != count) {
            throw new AssertionError(
                    "Expected " + count + " message(s) to " + address + " but " + messages.size() + " arrived");
        }
        return messages;
    }

    /**
     * Waits for a message to this address with this subject, whatever else the address receives meanwhile (a
     * member who joins may also be sent ballot links by other tests' open ballots).
     */
    public static Message awaitMessageTo(String address, String subject) {
        return await().atMost(DEFAULT_WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> messagesTo(address).stream()
                                .filter(message -> message.subject().equals(subject))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** The messages to this address that have arrived so far, oldest first. */
    public static List<Message> messagesTo(String address) {
        // GreenMail's mailboxes are plain lists: reading one while a message is delivered to any mailbox can throw
        // ConcurrentModificationException, so a read that meets a delivery is simply read again.
        for (int attempt = 1; ; attempt++) {
            try {
                return SharedTestMailServer.server()
                        .findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(address), message -> true)
                        .map(TestMailbox::decode)
                        .toList();
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** The token a link carries: the last part of its path, as every emailed link and page address puts it. */
    public static String tokenIn(String link) {
        String path = URI.create(link).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static Optional<String> firstLink(String text) {
        Matcher link = LINK.matcher(text);
        return link.find() ? Optional.of(link.group()) : Optional.empty();
    }

    private static Message decode(MimeMessage mime) {
        try {
            return new Message(
                    addresses(mime.getFrom()),
                    addresses(mime.getRecipients(MimeMessage.RecipientType.TO)),
                    mime.getSubject(),
                    text(mime.getContent()).replace("\r\n", "\n"),
                    mime);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Could not read a received message", e);
        }
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof MimeMultipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                if (parts.getBodyPart(i).isMimeType("text/plain")) {
                    return text(parts.getBodyPart(i).getContent());
                }
            }
        }
        throw new IllegalStateException("The message has no plain text body");
    }

    private static String addresses(Address[] addresses) {
        return addresses == null
                ? ""
                : Arrays.stream(addresses)
                        .map(address -> address instanceof InternetAddress internet
                                ? internet.toUnicodeString()
                                : address.toString())
                        .collect(Collectors.joining(", "));
    }
}
