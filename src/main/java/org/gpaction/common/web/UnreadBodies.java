package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * For a request refused before its body is read by something outside this package: Spring Security's refusals of who
 * sends it (401, 403, a redirect to sign in, a form without its CSRF token). The body stays on the connection, so it
 * cannot carry another request: the connection closes after the answer, and what the client still sends is read and
 * dropped first only for a while ({@link LingeringClose}), as for the refusals of {@link RefusedBodies}, under the same
 * bound. Tomcat would otherwise read up to server.tomcat.max-swallow-size of it itself, each read waiting up to the
 * connector's read timeout, and a client sending a little at a time would hold a request thread as long as it went on.
 */
public final class UnreadBodies {

    private UnreadBodies() {}

    /** Whether the request has a body: announced with its length, or sent in chunks. */
    public static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Closes the connection once the answer is written, if the request has a body, reading what is left of it for a
     * while first; a request without one is left alone. Called before the answer is written.
     */
    public static void closeAfterTheAnswer(HttpServletRequest request, HttpServletResponse response) {
        if (hasBody(request)) {
            response.setHeader("Connection", "close");
            LingeringClose.afterTheAnswer(request);
        }
    }

    /**
     * Refuses with the site's error page for {@code status} (the error document for a client that does not ask for
     * HTML), closing the connection after it as {@link #closeAfterTheAnswer} does. Sent whole with its length, as the
     * container's own error handling (sendError) would not: the page is flushed as it is written, and over a connection
     * closed after the answer its end would reach the client only once what it still sends has been read for a while.
     */
    public static void errorPage(HttpServletRequest request, HttpServletResponse response, int status)
            throws IOException, ServletException {
        closeAfterTheAnswer(request, response);
        response.setStatus(status);
        RefusedBodies.errorPage(request, response, status);
    }
}
