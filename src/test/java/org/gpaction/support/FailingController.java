package org.gpaction.support;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Exists only on the test class path: a page that fails, to see what a person is shown when the server breaks. */
@Controller
public class FailingController {

    static final String SECRET = "database password is hunter2";

    /** An address PostgreSQL quotes in its refusal, as a duplicate email of a member or staff account would be. */
    public static final String TAKEN_ADDRESS = "already.taken@example.test";

    private final JdbcClient jdbc;

    FailingController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/test-support/fail")
    String fail() {
        throw new IllegalStateException(SECRET);
    }

    /** A duplicate key, whose detail (and so the exception's message) quotes the address: "Key (email)=(…)". */
    @GetMapping("/test-support/fail-on-an-address")
    String failOnAnAddress() {
        jdbc.sql("create temporary table if not exists failing_addresses (email text primary key)")
                .update();
        jdbc.sql("insert into failing_addresses (email) values (:email), (:email)")
                .param("email", TAKEN_ADDRESS)
                .update();
        return "never";
    }

    /** A server error with no exception, on a path that carries a secret as a voting link does. */
    @GetMapping("/test-support/fail-quietly/{secret}")
    void failQuietly(HttpServletResponse response) throws java.io.IOException {
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }
}
