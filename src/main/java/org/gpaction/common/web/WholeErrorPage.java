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
 * The error page for a refusal's status, as the container's own error handling would show it, but sent whole with its
 * length: a refusal whose connection closes after the answer cannot have the page flushed as it is written, as its end
 * would reach the client only once what it still sends has been read for a while ({@link UnreadBodies}). The page is
 * the error page's own, reached with the body hidden, so nothing on the way reads or parses it, and it carries Spring
 * Security's headers as any page does ({@link SecurityHeaders}).
 */
final class WholeErrorPage {

    private WholeErrorPage() {}

    static void send(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        SecurityHeaders.write(request, response);
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
