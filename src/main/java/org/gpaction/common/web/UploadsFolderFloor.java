package org.gpaction.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.gpaction.common.imports.UploadCopies;
import org.gpaction.common.imports.UploadsFolderFull;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A file sent in an import page's form is refused unread, with 503 and when to send it again, when its length would
 * leave the disk of the uploads folder with less free than its floor: the form is read whole (by the CSRF check) before
 * its import checks the floor as it copies the file, so without this the file would be read, and spooled, only to be
 * refused. Only for imports that copy their file ({@link UploadPaths#copied()}); the API needs no such check, as its
 * import checks the floor before it reads the body. What passes here is checked again as it is copied.
 */
final class UploadsFolderFloor extends OncePerRequestFilter {

    private final UploadCopies uploads;
    private final List<PathPattern> pages;

    UploadsFolderFloor(UploadCopies uploads, List<UploadPaths> uploadPaths) {
        this.uploads = uploads;
        this.pages = uploadPaths.stream()
                .filter(UploadPaths::copied)
                .flatMap(paths -> paths.patterns().stream())
                .filter(pattern -> !pattern.startsWith("/api/"))
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > 0 && RequestBodyLimit.isMultipart(request.getContentType()) && isImportPage(request)) {
            try {
                uploads.refuseIfNoRoomFor(declared);
            } catch (UploadsFolderFull full) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(UploadsFolderFull.RETRY_AFTER_SECONDS));
                RefusedBodies.answer(request, response, BodyRefused.noRoom(full));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean isImportPage(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        PathContainer path = PathContainer.parsePath(
                request.getRequestURI().substring(request.getContextPath().length()));
        return pages.stream().anyMatch(page -> page.matches(path));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        BeforeTheFormIsRead uploadsFolderFloor(UploadCopies uploads, ObjectProvider<UploadPaths> uploadPaths) {
            return new BeforeTheFormIsRead(
                    new UploadsFolderFloor(uploads, uploadPaths.orderedStream().toList()));
        }
    }
}
