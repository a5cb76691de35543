package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gpaction.common.JsonFaults;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a small JSON request body only once the caller has been allowed to send it: controllers check access first,
 * then call this, instead of binding {@code @RequestBody} (which Spring reads before the handler runs). The body is
 * capped, so no caller can make the server hold more than the cap.
 */
public final class JsonBodies {

    /** Reads bodies, ignoring properties it does not know, and writes the problem documents refusing them. */
    static final JsonMapper json = wholeNumbersOnly(JsonMapper.builder())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Reads bodies that must hold only the fields their type has, for {@link #readExactly}. */
    private static final JsonMapper exactly = wholeNumbersOnly(JsonMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final List<MediaType> JSON_ONLY = List.of(MediaType.APPLICATION_JSON);
    /** A file pasted from a terminal is often sent as text: it is read the same. */
    private static final List<MediaType> JSON_OR_TEXT = List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN);

    private JsonBodies() {}

    /**
     * Jackson reads 25.7 sent for a whole number as 25 unless told not to: a cap, a reserve or a count sent with a
     * fraction is refused naming its field ("dailyCap must be a whole number") rather than cut down and saved. The
     * application's own mapper is built the same way ({@link WebConfiguration}), for the bodies Spring MVC binds.
     */
    static JsonMapper.Builder wholeNumbersOnly(JsonMapper.Builder builder) {
        return builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** A Content-Type that is not even a media type ("json") is none of them either: 415, not a server error. */
    private static boolean isOneOf(String contentType, List<MediaType> accepted) {
        try {
            if (contentType == null) {
                return false;
            }
            MediaType sent = MediaType.parseMediaType(contentType);
            return accepted.stream().anyMatch(sent::isCompatibleWith);
        } catch (InvalidMediaTypeException notAMediaType) {
            return false;
        }
    }

    public static <T> T read(HttpServletRequest request, Class<T> type, int maxBytes) {
        return read(request, type, maxBytes, json, Map.of());
    }

    /**
     * As {@link #read}, but a field the type does not have is refused naming it, rather than passed over: a field sent
     * under another name (the name an answer gives it, say) would otherwise be lost and the request acted on without
     * it. {@code insteadOf} gives, for a name a caller may send by mistake, the field to send instead; any other
     * unknown field is refused listing the fields the request takes.
     */
    public static <T> T readExactly(
            HttpServletRequest request, Class<T> type, int maxBytes, Map<String, String> insteadOf) {
        return read(request, type, maxBytes, exactly, insteadOf);
    }

    private static <T> T read(
            HttpServletRequest request, Class<T> type, int maxBytes, JsonMapper mapper, Map<String, String> insteadOf) {
        byte[] body = bytes(request, maxBytes, JSON_ONLY);
        if (body.length == 0) {
            throw new InvalidRequest(
                    "The request body is empty: send a JSON object with the documented fields", List.of());
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new InvalidRequest(
                        "The request body must be a JSON object with the documented fields", List.of());
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw unknown(e, insteadOf);
        } catch (JacksonException e) {
            throw refusal(e);
        }
    }

    /**
     * A field the request does not take, named with the one to send instead, or with those it takes. A field sent
     * inside an object of the body is named with that object, which is what does not take it.
     */
    private static InvalidRequest unknown(UnrecognizedPropertyException e, Map<String, String> insteadOf) {
        String field = field(e.getPath());
        String owner = e.getPath().isEmpty()
                ? ""
                : field(e.getPath().subList(0, e.getPath().size() - 1));
        String takes = owner.isEmpty() ? "this request" : owner;
        String instead = insteadOf.get(e.getPropertyName());
        if (instead != null) {
            return InvalidRequest.field(
                    field, field + " is not a field " + takes + " takes: send " + instead + " instead");
        }
        List<String> known = e.getKnownPropertyIds() == null
                ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).toList();
        if (known.isEmpty()) {
            return InvalidRequest.field(
                    field,
                    field + " is not a field " + takes + " takes: " + takes + " takes no fields"
                            + (owner.isEmpty() ? "" : ", so send " + owner + " as {}"));
        }
        String taken = known.size() == 1
                ? known.get(0)
                : String.join(", ", known.subList(0, known.size() - 1)) + " and " + known.get(known.size() - 1);
        return InvalidRequest.field(
                field,
                field + " is not a field " + takes + " takes: send only " + taken
                        + (owner.isEmpty() ? "" : " in " + owner));
    }

    /**
     * A body Jackson could not read, refused naming the field that was of the wrong type ({@code opensAt must be a
     * value of the documented type}) or, when no field is to blame, where it stops being JSON: never what it says, as
     * it may hold a password or a token.
     */
    public static InvalidRequest refusal(JacksonException e) {
        String field = field(e.getPath());
        if (field.isEmpty()) {
            return new InvalidRequest(
                    "The request body must be a JSON object with the documented fields"
                            + (e instanceof MismatchedInputException ? "" : ": " + JsonFaults.of(e)),
                    List.of());
        }
        return InvalidRequest.field(field, field + " must be " + expected(e));
    }

    /**
     * The body as sent, not parsed, for a caller that reads the JSON itself: it answers a body that is not JSON at all
     * in its own words, as it answers every other wrong body. Sent as JSON or as plain text.
     */
    public static String text(HttpServletRequest request, int maxBytes) {
        return new String(bytes(request, maxBytes, JSON_OR_TEXT), StandardCharsets.UTF_8);
    }

    /** A body of one of the accepted types and at most {@code maxBytes}, refused unread if it says it is bigger. */
    private static byte[] bytes(HttpServletRequest request, int maxBytes, List<MediaType> accepted) {
        if (!isOneOf(request.getContentType(), accepted)) {
            throw BodyRefused.unsupported(
                    accepted.stream().map(MediaType::toString).toList());
        }
        if (request.getContentLengthLong() > maxBytes) {
            throw BodyRefused.tooLarge(maxBytes);
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > maxBytes) {
            throw BodyRefused.tooLarge(maxBytes);
        }
        return body;
    }

    /** Where in the body a value was wrong, as the API's errors name fields: {@code clinicians[0].dailyCap}. */
    static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** What the field should have held, in the words of the API's documentation. */
    private static String expected(JacksonException e) {
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (type == null) {
            return "a value of the documented type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "a date and time with its offset, such as 2027-03-01T09:00:00Z";
        }
        if (type == java.time.LocalDate.class) {
            return "a date, such as 2027-03-01";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of the documented type";
    }
}
