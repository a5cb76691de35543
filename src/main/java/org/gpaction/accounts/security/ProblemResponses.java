package org.gpaction.accounts.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.gpaction.common.web.UnreadBodies;

/**
 * JSON problem answers written before a request reaches a controller (401, 403, 429), so before its body is read: the
 * connection closes after the answer, what the client still sends read for a while first ({@link UnreadBodies}).
 */
final class ProblemResponses {

    private ProblemResponses() {}

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        UnreadBodies.closeAfterTheAnswer(request, response);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}");
    }
}
