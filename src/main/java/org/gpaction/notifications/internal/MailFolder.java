package org.gpaction.notifications.internal;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gpaction.common.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no SMTP server, each message is written as one {@code .eml} file: the mailbox of a demonstration or
 * development run, read on the administrator's Sent mail page.
 */
final class MailFolder implements MailDelivery {

    record SentMail(String name, Instant date, String from, String to, String subject, String category) {}

    record OpenedMail(SentMail summary, String body) {}

    static final int LIST_LIMIT = 200;

    private static final Logger log = LoggerFactory.getLogger(MailFolder.class);
    private static final Pattern FILE_NAME = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9]{12}\\.eml");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final MimeMessages messages;
    private final Session session = Session.getInstance(new Properties());

    MailFolder(Path folder, MimeMessages messages) {
        this.folder = folder.toAbsolutePath().normalize();
        this.messages = messages;
    }

    Path folder() {
        return folder;
    }

    @Override
    public void deliver(QueuedEmail email) throws DeliveryFailed {
        MimeMessage message = messages.build(email);
        // Named by the message, so writing it again after a crash replaces the copy rather than adding one.
        Path target =
                folder.resolve(STAMP.format(email.createdAt()) + "-" + String.format("%012d", email.id()) + ".eml");
        try {
            OwnerOnly.writeWhole(target, ".writing-", ".tmp", message::writeTo);
        } catch (IOException | MessagingException e) {
            throw new DeliveryFailed("Could not write " + target + ": " + Failures.describe(e), false, e);
        }
    }

    /** The newest messages first. */
    List<SentMail> newest() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> newest = files.filter(file ->
                            FILE_NAME.matcher(file.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(
                                    (Path file) -> file.getFileName().toString())
                            .reversed())
                    .limit(LIST_LIMIT)
                    .toList();
            List<SentMail> mail = new ArrayList<>();
            for (Path file : newest) {
                read(file).ifPresent(opened -> mail.add(opened.summary()));
            }
            return mail;
        } catch (IOException e) {
            log.warn("Could not list the mail folder {}: {}", folder, e.getMessage());
            return List.of();
        }
    }

    Optional<OpenedMail> open(String name) {
        return file(name).flatMap(this::read);
    }

    /** The file of one message, only ever inside the folder. */
    Optional<Path> file(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Optional<OpenedMail> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage message = new MimeMessage(session, in);
            Object content = message.getContent();
            String body = content instanceof String text ? text : "";
            String[] category = message.getHeader(MimeMessages.CATEGORY_HEADER);
            SentMail summary = new SentMail(
                    file.getFileName().toString(),
                    message.getSentDate() == null ? null : message.getSentDate().toInstant(),
                    addresses(message.getFrom()),
                    addresses(message.getAllRecipients()),
                    message.getSubject(),
                    category == null ? "" : category[0]);
            return Optional.of(new OpenedMail(summary, body));
        } catch (IOException | MessagingException e) {
            log.warn("Could not read {}: {}", file.getFileName(), e.getMessage());
            return Optional.empty();
        }
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
