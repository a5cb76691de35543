package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * How a body refused before it was read ({@link RequestBodyLimit}, {@link UploadsFolderFloor}, the imports' floor in
 * {@link ApiErrors}) is answered, without reading it; what the client still sends is dropped after the answer ({@link
 * UnreadBodies}).
 */
final class RefusedBodies {

    private RefusedBodies() {}

    /**
     * A person's browser gets the site's error page saying what to do; any other client, the problem document every
     * API error is. The page is the error page's own, always reached with the body hidden, so nothing on the way reads
     * or parses it (a multipart form's, above all), and sent whole with its length.
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, BodyRefused refused)
            throws IOException, ServletException {
        int status = refused.getStatusCode().value();
        if (!RequestBodyLimit.isApi(request) && wantsPage(request)) {
            request.setAttribute(BodyRefused.ADVICE, refused.advice());
            UnreadBodies.refuse(request, response, status, (page, to, closing) -> WholeErrorPage.send(page, to));
            return;
        }
        UnreadBodies.refuse(
                request,
                response,
                status,
                UnreadBodies.body(
                        MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        JsonBodies.json.writeValueAsBytes(refused.document(request.getRequestURI()))));
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
}
