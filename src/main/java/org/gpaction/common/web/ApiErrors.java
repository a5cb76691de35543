package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.common.imports.UploadsFolderFull;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/**
 * Bad input to the JSON API gets a 400 problem document that names each field to fix. Modules add their own
 * advice for their own exceptions.
 */
@RestControllerAdvice(annotations = JsonApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        return InvalidRequest.problem("Some fields need fixing", errors);
    }

    /** A parameter or path segment that is not of its type ({@code limit=abc}), named with what it must be. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return InvalidRequest.field(e.getName(), "\"" + e.getValue() + "\" is not a valid " + e.getName() + expected(e))
                .toProblem();
    }

    private static String expected(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return ": give a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return ": give true or false";
        }
        if (type != null && type.isEnum()) {
            return ": give one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(", "));
        }
        return "";
    }

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest e) {
        return e.toProblem();
    }

    /**
     * An import refused before its file was read to the end (the wrong kind of file, from its first line) reads and
     * drops the rest first: a response sent while the client is still sending more than the server will swallow
     * (server.tomcat.max-swallow-size) is followed by a reset that can reach the client before the response does.
     * The file was already let in by the upload limit and sent by a signed-in administrator.
     */
    @ExceptionHandler(ImportRejected.class)
    ProblemDetail rejected(ImportRejected e, HttpServletRequest request) {
        readToTheEnd(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "Nothing was imported: fix these problems in " + e.file() + " and send it again");
        problem.setTitle("Import refused");
        problem.setProperty("file", e.file());
        problem.setProperty("problemCount", e.problemCount());
        problem.setProperty("problems", e.problems());
        return problem;
    }

    /**
     * Not the file's fault, and usually soon over: 503 with when to send it again. Refused before any of the file was
     * read, it is answered before any of it is read too: reading it to the end first takes as long as sending it, and a
     * client that stops sending would never be answered. Written as the body limit's refusals are, whole with its
     * length and with Connection: close; what the client still sends is dropped after the answer ({@link
     * LingeringClose}), so an answer of unknown length (as Spring's converters flush theirs) would only end then.
     */
    @ExceptionHandler(UploadsFolderFull.class)
    void uploadsFolderFull(UploadsFolderFull e, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(UploadsFolderFull.RETRY_AFTER_SECONDS));
        RefusedBodies.answer(request, response, BodyRefused.noRoom(e));
    }

    /** A body too large or of a type not taken, refused by {@link JsonBodies} or cut off as it was read. */
    @ExceptionHandler(BodyRefused.class)
    ProblemDetail refused(BodyRefused e) {
        return e.getBody();
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        if (cause instanceof BodyRefused cutOff) {
            return cutOff.getBody();
        }
        // As a body read by JsonBodies is answered: the field of the wrong type, or where it stops being JSON.
        // Jackson's exception knows the field; what it wraps (a date that does not parse) does not.
        for (Throwable reason = e.getCause(); reason != null; reason = reason.getCause()) {
            if (reason instanceof JacksonException unread) {
                return JsonBodies.refusal(unread).toProblem();
            }
        }
        return InvalidRequest.problem("The request body must be a JSON object with the documented fields", List.of());
    }

    private static void readToTheEnd(HttpServletRequest request) {
        try {
            InputStream body = request.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (body.read(buffer) >= 0) {
                // Dropped.
            }
        } catch (IOException | IllegalStateException unreadable) {
            // Already read by a reader, or the client has gone: nothing more to drop.
        }
    }
}
