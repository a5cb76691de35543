package org.gpaction.common.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Input a person or client can correct; the message and each error name what to fix. */
public class InvalidRequest extends RuntimeException {

    private final List<Map<String, String>> errors;

    public InvalidRequest(String message, List<Map<String, String>> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequest field(String field, String message) {
        return new InvalidRequest(message, List.of(Map.of("field", field, "message", message)));
    }

    public List<Map<String, String>> errors() {
        return errors;
    }

    public ProblemDetail toProblem() {
        return problem(getMessage(), errors);
    }

    /**
     * The problem document as Spring MVC writes {@link #toProblem()}, for a caller outside it (a plain servlet) that
     * writes it itself.
     */
    public Map<String, Object> document(String instance) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", "about:blank");
        document.put("title", "Invalid request");
        document.put("status", HttpStatus.BAD_REQUEST.value());
        document.put("detail", getMessage());
        document.put("instance", instance);
        document.put("errors", errors);
        return document;
    }

    static ProblemDetail problem(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
