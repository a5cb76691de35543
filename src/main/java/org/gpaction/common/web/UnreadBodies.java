package org.gpaction.common.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

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

    private UnreadBodies() {}

    /** What a refusal says after its status: written once whether its connection closes after it is decided. */
    @FunctionalInterface
    public interface Answer {
        void write(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
    }

    /**
     * Refuses the request with {@code status} and {@code answer}. The connection closes after the answer if the body is
     * not all read, what is left of it read for a while first; a request without a body, or whose body was read to its
     * end (a form the CSRF check read for its token), keeps its connection for the client's next request.
     */
    public static void refuse(HttpServletRequest request, HttpServletResponse response, int status, Answer answer)
            throws IOException, ServletException {
        response.setStatus(status);
        if (unread(request)) {
            response.setHeader("Connection", "close");
            LingeringClose.afterTheAnswer(request);
        }
        answer.write(request, response);
    }

    /** Refuses the request with {@code status} and no body: the headers set before it (Location, say) say the rest. */
    public static void refuse(HttpServletRequest request, HttpServletResponse response, int status)
            throws IOException, ServletException {
        refuse(request, response, status, NOTHING);
    }

    private static final Answer NOTHING = (request, response) -> {};

    /** The answer {@code body}, of {@code contentType} (with its charset, for text). */
    public static Answer body(String contentType, byte[] body) {
        return (request, response) -> {
            response.setContentType(contentType);
            response.getOutputStream().write(body);
        };
    }

    /**
     * The answer that sends the client to {@code location}, for a refusal with 302 (Found): sendRedirect's own, which
     * wrappers on the way act on (Spring Security writes its headers as it commits the response).
     */
    public static Answer redirectTo(String location) {
        return (request, response) -> response.sendRedirect(location);
    }

    /**
     * The site's error page for the refusal's status (the error document for a client that does not ask for HTML). Over
     * a connection closed after the answer it is sent whole with its length, as the container's own error handling
     * (sendError) would not: the page is flushed as it is written, and its end would reach the client only once what it
     * still sends has been read for a while. Over a connection kept, sendError shows it.
     */
    public static Answer errorPage() {
        return (request, response) -> {
            if (unread(request)) {
                wholeErrorPage(request, response);
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

    /**
     * The error page for the refusal's status, as the container's own error handling would show it, but sent whole with
     * its length. The page is the error page's own, reached with the body hidden, so nothing on the way reads it.
     */
    static void wholeErrorPage(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, response.getStatus());
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
        request.getRequestDispatcher("/error").forward(new Unread(request), new Unflushed(response));
    }

    /** The refused request as the error page sees it: a GET with no body, no form fields and no parts to parse. */
    private static final class Unread extends HttpServletRequestWrapper {

        Unread(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public String getContentType() {
            return null;
        }

        @Override
        public int getContentLength() {
            return 0;
        }

        @Override
        public long getContentLengthLong() {
            return 0;
        }

        @Override
        public String getHeader(String name) {
            return isBodyHeader(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isBodyHeader(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        private static boolean isBodyHeader(String name) {
            return "Content-Type".equalsIgnoreCase(name)
                    || "Content-Length".equalsIgnoreCase(name)
                    || "Transfer-Encoding".equalsIgnoreCase(name);
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }

        @Override
        public Collection<Part> getParts() {
            return List.of();
        }

        @Override
        public Part getPart(String name) {
            return null;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new Empty();
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new StringReader(""));
        }
    }

    /**
     * The response as the error page is written to it, without the flushes on the way (Spring's view flushes the page
     * it writes): the page stays in the response's buffer until the forward ends, and Tomcat then sends it with its
     * length.
     */
    private static final class Unflushed extends HttpServletResponseWrapper {

        /** Room for the whole error page, a few kilobytes, many times over. */
        private static final int PAGE_BUFFER = 64 * 1024;

        private PrintWriter writer;
        private ServletOutputStream stream;

        Unflushed(HttpServletResponse response) {
            super(response);
            response.setBufferSize(PAGE_BUFFER);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                Writer page = super.getWriter();
                writer = new PrintWriter(new FilterWriter(page) {
                    @Override
                    public void flush() {
                        // Kept until the page ends.
                    }

                    @Override
                    public void close() {
                        // Closed by the container once the forward ends.
                    }
                });
            }
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream page = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        page.write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        page.write(bytes, offset, length);
                    }

                    @Override
                    public boolean isReady() {
                        return page.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        page.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public void flushBuffer() {
            // As above.
        }
    }

    private static final class Empty extends ServletInputStream {

        @Override
        public int read() {
            return -1;
        }

        @Override
        public boolean isFinished() {
            return true;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("The refused body is never read");
        }
    }
}
