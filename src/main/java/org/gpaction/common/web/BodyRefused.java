package org.gpaction.common.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.common.imports.UploadsFolderFull;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request body refused before or while it is read: larger than the address takes (413), of a type it does not take
 * (415), a form sent to an import's page without its length (411), or a file the disk has no room for now (503). Its
 * problem document has the shape of every other API error and names the limit in bytes or the types accepted, so the
 * caller knows what to send instead. Spring MVC's advice answers it, and the body-limit filter, which runs before Spring
 * MVC, writes the same {@link #document}.
 */
public class BodyRefused extends ResponseStatusException {

    /** The request attribute holding what a person should do, for the error page shown instead of the document. */
    static final String ADVICE = BodyRefused.class.getName() + ".advice";

    private final String advice;

    private BodyRefused(HttpStatus status, String title, String detail, String advice) {
        super(status, detail);
        this.advice = advice;
        getBody().setTitle(title);
        getBody().setProperty("errors", List.of());
    }

    /** What a person who sent it from a browser should do, in words, not media types. */
    String advice() {
        return advice;
    }

    /** A body of more than {@code maxBytes}: 413, naming the limit (also as {@code maxBytes}). */
    public static BodyRefused tooLarge(long maxBytes) {
        BodyRefused refused = new BodyRefused(
                HttpStatus.CONTENT_TOO_LARGE,
                "Request body too large",
                String.format(Locale.ROOT, "The request body must be at most %,d bytes", maxBytes),
                String.format(
                        Locale.ROOT,
                        "What was sent is larger than this page takes (at most %,d bytes): go back and send less,"
                                + " or a smaller file.",
                        maxBytes));
        refused.getBody().setProperty("maxBytes", maxBytes);
        return refused;
    }

    /** A body of a type not taken: 415, naming the types that are (also as {@code acceptedTypes}). */
    public static BodyRefused unsupported(List<String> accepted) {
        BodyRefused refused = new BodyRefused(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "Send the request body as " + String.join(" or ", accepted),
                "This page takes only the fields of its own form, not files or a form of another kind: go back to"
                        + " the page, fill in its form again and send it from there.");
        refused.getBody().setProperty("acceptedTypes", accepted);
        return refused;
    }

    /**
     * A multipart form sent without its length (in chunks) to an import's page: 411, saying to send it with its length,
     * as a browser's form or {@code curl -F} does.
     */
    public static BodyRefused lengthRequired() {
        return new BodyRefused(
                HttpStatus.LENGTH_REQUIRED,
                "Length required",
                "Send the form with its length (a Content-Length header), as a browser or curl -F does: a multipart"
                        + " form sent in chunks is not taken here",
                "The file was sent without saying how large it is, which this page needs to know before reading it:"
                        + " go back to the page, choose the file again and send it from there.");
    }

    /**
     * A file refused, unread, because the disk of the uploads folder has too little space free to copy it: 503, saying
     * when to send it again. The caller adds the Retry-After.
     */
    public static BodyRefused noRoom(UploadsFolderFull full) {
        return new BodyRefused(
                HttpStatus.SERVICE_UNAVAILABLE, UploadsFolderFull.TITLE, full.getMessage(), full.getMessage());
    }

    /** The problem document as Spring MVC would write it, for a caller outside it. */
    public Map<String, Object> document(String instance) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(
                "type",
                getBody().getType() == null
                        ? "about:blank"
                        : getBody().getType().toString());
        document.put("title", getBody().getTitle());
        document.put("status", getBody().getStatus());
        document.put("detail", getBody().getDetail());
        document.put("instance", instance);
        if (getBody().getProperties() != null) {
            document.putAll(getBody().getProperties());
        }
        return document;
    }
}
