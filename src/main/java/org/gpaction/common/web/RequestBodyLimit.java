package org.gpaction.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The most any request may send, before anything else sees it: files (CSV, octet streams and multipart forms) sent to
 * a path that takes uploads ({@link UploadPaths}) up to the upload limit, everything else up to the body limit. A
 * body announced as larger is refused at once, unread; a body sent without a length is cut off as soon as it passes
 * the limit.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    private static final Set<String> FILE_TYPES =
            Set.of("text/csv", "text/plain", "application/octet-stream", "multipart/form-data");

    private final long maxBody;
    private final long maxUpload;
    private final List<PathPattern> uploadPaths;

    RequestBodyLimit(long maxBody, long maxUpload, List<String> uploadPaths) {
        this.maxBody = maxBody;
        this.maxUpload = maxUpload;
        this.uploadPaths = uploadPaths.stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean takesUploads = takesUploads(request);
        if (isMultipart(request.getContentType()) && !takesUploads) {
            // The servlet container parses a multipart form from its own stream, past the count below: a form with
            // parts, sent where no file is taken, is refused unread whatever its length.
            refuse(
                    request,
                    response,
                    BodyRefused.unsupported(List.of(
                            isApi(request)
                                    ? MediaType.APPLICATION_JSON_VALUE
                                    : MediaType.APPLICATION_FORM_URLENCODED_VALUE)));
            return;
        }
        long limit = isFile(request.getContentType()) && takesUploads ? maxUpload : maxBody;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(request, response, BodyRefused.tooLarge(limit));
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Limited(request, limit), response);
    }

    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    private boolean takesUploads(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(
                request.getRequestURI().substring(request.getContextPath().length()));
        return uploadPaths.stream().anyMatch(pattern -> pattern.matches(path));
    }

    private static boolean isFile(String contentType) {
        return FILE_TYPES.contains(mediaType(contentType));
    }

    /** Any multipart type: the container parses each of them (form-data, mixed, related...) as a form. */
    private static boolean isMultipart(String contentType) {
        return mediaType(contentType).startsWith("multipart/");
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    /**
     * A person's browser gets the site's error page saying what to do; any other client, the problem document every
     * API error is. The page is the error page's own, reached with the body hidden, so nothing on the way reads it.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, BodyRefused refused)
            throws IOException, ServletException {
        int status = refused.getStatusCode().value();
        response.setStatus(status);
        // The unread body stays on the connection, so it cannot carry another request.
        response.setHeader("Connection", "close");
        if (!isApi(request) && wantsPage(request)) {
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
            request.setAttribute(BodyRefused.ADVICE, refused.advice());
            request.getRequestDispatcher("/error").forward(new Unread(request), response);
            return;
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JsonBodies.json.writeValueAsBytes(refused.document(request.getRequestURI())));
    }

    /** A browser names HTML among what it accepts; a script or API client does not. */
    private static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.equalsTypeAndSubtype(MediaType.TEXT_HTML));
        } catch (InvalidMediaTypeException notMediaTypes) {
            return false;
        }
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

    /** A body of unknown length, counted as it is read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream counted;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new Counted(super.getInputStream(), limit);
            }
            return counted;
        }
    }

    private static final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counted(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw BodyRefused.tooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
