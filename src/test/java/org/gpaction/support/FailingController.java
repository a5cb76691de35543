package org.gpaction.support;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Exists only on the test class path: a page that fails, to see what a person is shown when the server breaks. */
@Controller
public class FailingController {

    static final String SECRET = "database password is hunter2";

    /** An address PostgreSQL quotes in its refusal of a value it cannot read as the type asked for. */
    public static final String TAKEN_ADDRESS = "already.taken@example.test";

    /** A member's name and number, which PostgreSQL quotes in its detail of a row it refuses: "Failing row contains". */
    public static final String MEMBER_NAME = "Pat Leakington";

    public static final String MEMBERSHIP_NUMBER = "M4815162342";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    FailingController(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    @GetMapping("/test-support/fail")
    String fail() {
        throw new IllegalStateException(SECRET);
    }

    /** A value PostgreSQL quotes in its refusal itself, not in its detail: invalid input syntax for type integer: "…". */
    @GetMapping("/test-support/fail-on-an-address")
    String failOnAnAddress() {
        jdbc.sql("select cast(:email as integer)")
                .param("email", TAKEN_ADDRESS)
                .query(Integer.class)
                .single();
        return "never";
    }

    /** Rows PostgreSQL refuses, one at a time and as a batch, whose detail would quote every value in them. */
    @GetMapping("/test-support/fail-on-a-row/{how}")
    String failOnARow(@PathVariable String how) {
        jdbc.sql("""
                        create temporary table if not exists failing_members (
                            name   text,
                            number text check (number is null),
                            unique (name))
                        """).update();
        switch (how) {
            case "one" ->
                jdbc.sql("insert into failing_members (name, number) values (:name, :number)")
                        .param("name", MEMBER_NAME)
                        .param("number", MEMBERSHIP_NUMBER)
                        .update();
            case "batch" ->
                jdbcTemplate.batchUpdate(
                        "insert into failing_members (name) values (?)",
                        List.<Object[]>of(new Object[] {MEMBER_NAME}, new Object[] {MEMBER_NAME}));
            default -> throw new IllegalArgumentException("one or batch");
        }
        return "never";
    }

    /** A server error with no exception, on a path that carries a secret as a voting link does. */
    @GetMapping("/test-support/fail-quietly/{secret}")
    void failQuietly(HttpServletResponse response) throws java.io.IOException {
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }
}
