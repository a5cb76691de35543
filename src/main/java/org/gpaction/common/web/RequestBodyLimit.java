package org.gpaction.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The most any request may send, before anything else sees it: files (CSV, octet streams and multipart forms) sent to
 * a path that takes uploads ({@link UploadPaths}) up to that path's import's own limit (a multipart form, by the body
 * limit more, for its other fields) and never past the upload limit, everything else up to the body limit. A body
 * announced as larger is refused at once with 413, unread. A body sent without a length is cut off as soon as it passes
 * the limit; a file sent so as the body itself, up to the upload limit, as its import counts it as it reads and
 * refuses it, in the import's history, as soon as it passes its own. A multipart form sent without a length to an
 * import's page is refused unread with 411, as the container would parse it whole from its own stream, held only to
 * the upload limit. Any multipart form sent to an import's API, which takes the file only as the body itself, is
 * refused unread with 415.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    /** The types a file is taken in as the body itself: those an import's API takes, which takes no form. */
    private static final List<String> FILE_BODY_TYPES = List.of("text/csv", "text/plain", "application/octet-stream");

    private static final Set<String> FILE_TYPES = Stream.concat(
                    FILE_BODY_TYPES.stream(), Stream.of("multipart/form-data"))
            .collect(Collectors.toUnmodifiableSet());

    private final long maxBody;
    private final long maxUpload;
    private final List<UploadPath> uploadPaths;

    /** A path that takes a file, and the largest file its import takes. */
    private record UploadPath(PathPattern pattern, long maxFileBytes) {}

    RequestBodyLimit(long maxBody, long maxUpload, List<UploadPaths> uploadPaths) {
        this.maxBody = maxBody;
        this.maxUpload = maxUpload;
        this.uploadPaths = uploadPaths.stream()
                .flatMap(paths -> paths.patterns().stream()
                        .map(pattern ->
                                new UploadPath(PathPatternParser.defaultInstance.parse(pattern), paths.maxFileBytes())))
                .toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<UploadPath> uploadPath = uploadPath(request);
        boolean multipart = isMultipart(request.getContentType());
        if (multipart && uploadPath.isEmpty()) {
            // The servlet container parses a multipart form from its own stream, past the count below: a form with
            // parts, sent where no file is taken, is refused unread whatever its length.
            RefusedBodies.answer(
                    request,
                    response,
                    BodyRefused.unsupported(List.of(
                            isApi(request)
                                    ? MediaType.APPLICATION_JSON_VALUE
                                    : MediaType.APPLICATION_FORM_URLENCODED_VALUE)));
            return;
        }
        if (multipart && isApi(request)) {
            // An import's API takes the file only as the body itself, never in a form; yet Spring MVC parses a form,
            // reading it whole, before it finds that no mapping takes one. Refused unread, with or without a length.
            RefusedBodies.answer(request, response, BodyRefused.unsupported(FILE_BODY_TYPES));
            return;
        }
        boolean file = isFile(request.getContentType()) && uploadPath.isPresent();
        long limit = file ? fileLimit(uploadPath.get(), multipart) : maxBody;
        long declared = request.getContentLengthLong();
        if (multipart && declared < 0) {
            // The container parses and spools the form from its own stream, past the count below, up to the upload
            // limit: only a length said before the body holds it to the page's own limit.
            RefusedBodies.answer(request, response, BodyRefused.lengthRequired());
            return;
        }
        if (declared > limit) {
            RefusedBodies.answer(request, response, BodyRefused.tooLarge(limit));
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
        } else {
            chain.doFilter(new Limited(request, file ? maxUpload : limit), response);
        }
    }

    /**
     * The most a file sent to {@code path} may be: its import's limit, with room for a form's other fields and the
     * wrapping of its parts if it comes in a multipart form (which is spooled whole before the import sees it).
     */
    private long fileLimit(UploadPath path, boolean multipart) {
        long allowed = path.maxFileBytes();
        if (multipart) {
            allowed = allowed > Long.MAX_VALUE - maxBody ? Long.MAX_VALUE : allowed + maxBody;
        }
        return Math.min(maxUpload, allowed);
    }

    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    private Optional<UploadPath> uploadPath(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(
                request.getRequestURI().substring(request.getContextPath().length()));
        return uploadPaths.stream()
                .filter(upload -> upload.pattern().matches(path))
                .findFirst();
    }

    private static boolean isFile(String contentType) {
        return FILE_TYPES.contains(mediaType(contentType));
    }

    /** Any multipart type: the container parses each of them (form-data, mixed, related...) as a form. */
    static boolean isMultipart(String contentType) {
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
