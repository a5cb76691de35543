package org.gpaction.accounts.security;

import jakarta.servlet.ServletException;
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
            throws IOException, ServletException {
        String problem = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}";
        UnreadBodies.refuse(
                request,
                response,
                status,
                UnreadBodies.body("application/problem+json;charset=UTF-8", problem.getBytes(StandardCharsets.UTF_8)));
    }
}
