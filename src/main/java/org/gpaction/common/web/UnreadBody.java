package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * A request refused before its body was read leaves the body unread: the connection ends once the answer has gone.
 * Tomcat would otherwise read and drop the body after the answer (up to {@code server.tomcat.max-swallow-size}),
 * holding the connection and a thread for a body that may never come.
 */
public final class UnreadBody {

    private static final String REFUSED = UnreadBody.class.getName() + ".refused";

    private UnreadBody() {}

    /** For a filter refusing a request before anything read its body: the connection ends after the answer. */
    public static void closeAfterAnswer(HttpServletRequest request, HttpServletResponse response) {
        if (hasBody(request)) {
            // The unread body stays on the connection, so it cannot carry another request.
            response.setHeader("Connection", "close");
            request.setAttribute(REFUSED, Boolean.TRUE);
        }
    }

    /** Whether the request comes with a body, of a length announced or not. */
    public static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Tells Tomcat not to read the body of a request refused so. On the engine, outside the host's error pages: Tomcat
     * takes the request for a failed one (an upload cut short is its own use), and would show an error page instead of
     * the answer, or a redirect as 500, were the answer not sent first, whole, as it would have gone.
     */
    static final class LeftUnread extends ValveBase {

        LeftUnread() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (request.getAttribute(REFUSED) != null && !request.isAsync()) {
                response.finishResponse();
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        }
    }
}
