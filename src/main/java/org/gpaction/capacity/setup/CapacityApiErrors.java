package org.gpaction.capacity.setup;

import org.gpaction.common.web.JsonApi;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/** Refusals from the safe working API as problem documents that say what to do. */
@RestControllerAdvice(basePackages = "org.gpaction.capacity", annotations = JsonApi.class)
class CapacityApiErrors {

    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail refused(ResponseStatusException e) {
        return ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
    }
}
