package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A body of a type the API address does not take, answered as {@link ApiErrors} answers every other refused body. Not
 * limited to {@link JsonApi} controllers as that advice is: a mapping that names the types it consumes (an import's
 * CSV) is never chosen for another type, so Spring has no controller to match the advice with.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnsupportedBodies {

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail unsupported(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        if (!RequestBodyLimit.isApi(request)) {
            // Thrown again, it goes on to Spring's own answer, as before for pages.
            throw e;
        }
        // A pattern such as application/*+json is no type to send: JSON is named for it.
        List<String> accepted = e.getSupportedMediaTypes().stream()
                .filter(type -> !type.isWildcardType() && !type.isWildcardSubtype())
                .map(MediaType::toString)
                .distinct()
                .toList();
        return BodyRefused.unsupported(accepted.isEmpty() ? List.of(MediaType.APPLICATION_JSON_VALUE) : accepted)
                .getBody();
    }
}
