package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a small JSON request body only once the caller has been allowed to send it: controllers check access first,
 * then call this, instead of binding {@code @RequestBody} (which Spring reads before the handler runs). The body is
 * capped, so no caller can make the server hold more than the cap.
 */
public final class JsonBodies {

    private static final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonBodies() {}

    public static <T> T read(HttpServletRequest request, Class<T> type, int maxBytes) {
        String contentType = request.getContentType();
        if (contentType == null
                || !MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON)) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
        }
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (body.length == 0) {
            throw new InvalidRequest(
                    "The request body is empty: send a JSON object with the documented fields", List.of());
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new InvalidRequest(
                        "The request body must be a JSON object with the documented fields", List.of());
            }
            return value;
        } catch (JacksonException e) {
            throw new InvalidRequest(
                    "The request body must be a JSON object with the documented fields: " + e.getOriginalMessage(),
                    List.of());
        }
    }

    private static ResponseStatusException tooLarge(int maxBytes) {
        return new ResponseStatusException(
                HttpStatus.CONTENT_TOO_LARGE, "The request body must be at most " + maxBytes + " bytes");
    }
}
