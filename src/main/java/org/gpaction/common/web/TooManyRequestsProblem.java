package org.gpaction.common.web;

import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** A JSON request refused for too many tries: a problem document, with the limiter's wait in Retry-After. */
public final class TooManyRequestsProblem {

    private TooManyRequestsProblem() {}

    /** 429, Retry-After in whole seconds rounded up, and a problem document saying {@code detail}. */
    public static ResponseEntity<ProblemDetail> of(RetryAfter wait, String detail) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(wait.seconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail));
    }
}
