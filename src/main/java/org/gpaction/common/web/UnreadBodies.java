package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * For a request refused before its body is read: an upload refused for its size or the disk ({@link RefusedBodies}),
 * and Spring Security's refusals of who sends it (401, 403, 404, 429, a redirect to sign in, and a CSRF refusal of a
 * body the check does not read: not a form, as a form's token is among its fields, so the form is read first). The
 * body stays on the connection, so it cannot carry another request: the connection closes after the answer, and what
 * the client still sends is read and dropped first only for a while ({@link LingeringClose}), under one bound. Tomcat
 * would otherwise read up to server.tomcat.max-swallow-size of it itself, each read waiting up to the connector's read
 * timeout, and a client sending a little at a time would hold a request thread as long as it went on.
 */
public final class UnreadBodies {

    private static final Answer NOTHING = (request, response, closing) -> {};

    private UnreadBodies() {}

    /**
     * What a refusal says after its status, written once the refusal has decided whether the connection closes after
     * the answer ({@code closing}).
     */
    @FunctionalInterface
    public interface Answer {
        void write(HttpServletRequest request, HttpServletResponse response, boolean closing)
                throws IOException, ServletException;
    }

    /**
     * Refuses the request with {@code status} and {@code answer}. The connection closes after the answer if the body is
     * not all read, what is left of it read for a while first; a request without a body, or whose body was read to its
     * end (a form the CSRF check read for its token), keeps its connection for the client's next request.
     */
    public static void refuse(HttpServletRequest request, HttpServletResponse response, int status, Answer answer)
            throws IOException, ServletException {
        response.setStatus(status);
        boolean closing = unread(request);
        if (closing) {
            response.setHeader("Connection", "close");
            LingeringClose.afterTheAnswer(request);
        }
        answer.write(request, response, closing);
    }

    /** Refuses the request with {@code status} and no body: the headers set before it (HX-Refresh, say) say the rest. */
    public static void refuse(HttpServletRequest request, HttpServletResponse response, int status)
            throws IOException, ServletException {
        refuse(request, response, status, NOTHING);
    }

    /** The answer {@code body}, of {@code contentType} (with its charset, for text). */
    public static Answer body(String contentType, byte[] body) {
        return (request, response, closing) -> {
            response.setContentType(contentType);
            response.getOutputStream().write(body);
        };
    }

    /**
     * The answer that sends the client to {@code location}, with the refusal's status (302 or 303, say). Only the header
     * is set, and the response commits as the request ends, once the wrappers on the way (Spring Security's headers,
     * the session's cookie) have added theirs: sendRedirect(location, status) would commit it past them.
     */
    public static Answer redirectTo(String location) {
        return (request, response, closing) -> response.setHeader("Location", location);
    }

    /**
     * The site's error page for the refusal's status (the error document for a client that does not ask for HTML). Over
     * a connection closed after the answer it is sent whole with its length, as the container's own error handling
     * (sendError) would not: the page is flushed as it is written, and its end would reach the client only once what it
     * still sends has been read for a while. Over a connection kept, sendError shows it.
     */
    public static Answer errorPage() {
        return (request, response, closing) -> {
            if (closing) {
                WholeErrorPage.send(request, response);
            } else {
                response.sendError(response.getStatus());
            }
        };
    }

    /** Whether the request has a body: announced with its length, or sent in chunks. */
    public static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Whether some of the body is still to come: one read as text may not have been read to its end, and is taken as
     * not. Asking for the stream only to ask this reads nothing of it, nor waits for the client.
     */
    private static boolean unread(HttpServletRequest request) {
        if (!hasBody(request)) {
            return false;
        }
        try {
            return !request.getInputStream().isFinished();
        } catch (IllegalStateException | IOException readAsText) {
            return true;
        }
    }
}
