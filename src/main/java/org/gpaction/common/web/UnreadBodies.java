package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * For a request refused before its body is read: an upload refused for its size or the disk ({@link RefusedBodies}),
 * and Spring Security's refusals of who sends it (401, 403, a redirect to sign in, and a CSRF refusal of a body the
 * check does not read: not a form, as a form's token is among its fields, so the form is read first). The body stays on
 * the connection, so it cannot carry another request: the connection closes after the answer, and what the client
 * still sends is read and dropped first only for a while ({@link LingeringClose}), under one bound. Tomcat would
 * otherwise read up to server.tomcat.max-swallow-size of it itself, each read waiting up to the connector's read
 * timeout, and a client sending a little at a time would hold a request thread as long as it went on.
 */
public final class UnreadBodies {

    private UnreadBodies() {}

    /** Whether the request has a body: announced with its length, or sent in chunks. */
    public static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Closes the connection once the answer is written, if the request's body is not all read, reading what is left of
     * it for a while first. A request without a body, or whose body was read to its end (a form the CSRF check read for
     * its token), is left alone: nothing of it stays on the connection, which is kept for the client's next request.
     * Called before the answer is written.
     */
    public static void closeAfterTheAnswer(HttpServletRequest request, HttpServletResponse response) {
        if (unread(request)) {
            response.setHeader("Connection", "close");
            LingeringClose.afterTheAnswer(request);
        }
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

    /**
     * Refuses with the site's error page for {@code status} (the error document for a client that does not ask for
     * HTML), sent whole with its length, as the container's own error handling (sendError) would not: the page is
     * flushed as it is written, and over a connection closed after the answer ({@link #closeAfterTheAnswer}, called
     * first) its end would reach the client only once what it still sends has been read for a while.
     */
    public static void errorPage(HttpServletRequest request, HttpServletResponse response, int status)
            throws IOException, ServletException {
        response.setStatus(status);
        RefusedBodies.errorPage(request, response, status);
    }
}
