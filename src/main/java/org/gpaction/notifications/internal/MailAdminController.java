package org.gpaction.notifications.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Administrators see the outbox (never a body) and, with no SMTP server, the mail written to files, which they
 * may open: those files are the stand-in mailbox of a demonstration run.
 */
@Controller
@RequestMapping("/admin")
@PreAuthorize("hasRole('ADMIN')")
class MailAdminController {

    static final int OUTBOX_LIMIT = 200;

    /** A piece of a message body: text, or a link an administrator can follow. */
    record BodyPart(String text, boolean link) {}

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]']");

    private static class NoSuchMail extends RuntimeException {}

    private final OutboxRepository outbox;
    private final MailDelivery delivery;
    private final String sentKeptFor;

    MailAdminController(OutboxRepository outbox, MailDelivery delivery, MailProperties properties) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.sentKeptFor = SentMailRetention.keptFor(properties).periodInWords();
    }

    @GetMapping("/outbox")
    String outbox(Model model) {
        Map<String, Long> counts = outbox.countsByStatus();
        model.addAttribute("pending", counts.getOrDefault("PENDING", 0L));
        model.addAttribute("sent", counts.getOrDefault("SENT", 0L));
        model.addAttribute("failed", counts.getOrDefault("FAILED", 0L));
        model.addAttribute("messages", outbox.newest(OUTBOX_LIMIT));
        model.addAttribute("limit", OUTBOX_LIMIT);
        model.addAttribute("sentKeptFor", sentKeptFor);
        addDelivery(model);
        return "notifications/outbox";
    }

    @GetMapping("/mail")
    String sentMail(Model model) {
        addDelivery(model);
        if (delivery instanceof MailFolder folder) {
            model.addAttribute("mail", folder.newest());
            model.addAttribute("limit", MailFolder.LIST_LIMIT);
        }
        return "notifications/sent-mail";
    }

    @GetMapping("/mail/{name}")
    String message(@PathVariable String name, Model model) {
        MailFolder.OpenedMail mail = folder().open(name).orElseThrow(NoSuchMail::new);
        model.addAttribute("mail", mail.summary());
        model.addAttribute("body", parts(mail.body()));
        return "notifications/message";
    }

    @GetMapping("/mail/{name}/raw")
    ResponseEntity<Resource> raw(@PathVariable String name) {
        Path file = folder().file(name).orElseThrow(NoSuchMail::new);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("message/rfc822"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(new FileSystemResource(file));
    }

    @ExceptionHandler(NoSuchMail.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    private MailFolder folder() {
        if (delivery instanceof MailFolder folder) {
            return folder;
        }
        throw new NoSuchMail();
    }

    private void addDelivery(Model model) {
        if (delivery instanceof SmtpDelivery smtp) {
            model.addAttribute("smtpServer", smtp.server());
        } else if (delivery instanceof MailFolder folder) {
            model.addAttribute("mailFolder", folder.folder().toString());
        }
    }

    static List<BodyPart> parts(String body) {
        List<BodyPart> parts = new ArrayList<>();
        Matcher link = LINK.matcher(body);
        int from = 0;
        while (link.find()) {
            if (link.start() > from) {
                parts.add(new BodyPart(body.substring(from, link.start()), false));
            }
            parts.add(new BodyPart(link.group(), true));
            from = link.end();
        }
        if (from < body.length()) {
            parts.add(new BodyPart(body.substring(from), false));
        }
        return parts;
    }
}
