package org.gpaction.support;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Exists only on the test class path: a page that fails, to see what a person is shown when the server breaks. */
@Controller
class FailingController {

    static final String SECRET = "database password is hunter2";

    @GetMapping("/test-support/fail")
    String fail() {
        throw new IllegalStateException(SECRET);
    }

    /** A server error with no exception, on a path that carries a secret as a voting link does. */
    @GetMapping("/test-support/fail-quietly/{secret}")
    void failQuietly(HttpServletResponse response) throws java.io.IOException {
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }
}
