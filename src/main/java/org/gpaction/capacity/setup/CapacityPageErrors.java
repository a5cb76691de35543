package org.gpaction.capacity.setup;

import java.util.Map;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A refusal from safe working says why: the API answers a problem document, a page answers a page with the right
 * status. Invalid input to the API is left to the common API advice, which names each field.
 */
@ControllerAdvice(basePackages = "org.gpaction.capacity")
class CapacityPageErrors {

    @ExceptionHandler(InvalidRequest.class)
    Object invalid(InvalidRequest e, HandlerMethod handler) {
        if (isApi(handler)) {
            return ResponseEntity.badRequest().body(e.toProblem());
        }
        return page(400, e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    Object refused(ResponseStatusException e, HandlerMethod handler) {
        if (isApi(handler)) {
            return ResponseEntity.status(e.getStatusCode())
                    .body(ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason()));
        }
        return page(e.getStatusCode().value(), e.getReason());
    }

    private static boolean isApi(HandlerMethod handler) {
        return handler.getBeanType().isAnnotationPresent(JsonApi.class);
    }

    private static ModelAndView page(int status, String message) {
        ModelAndView page = new ModelAndView("capacity/problem", Map.of("status", status, "message", message));
        page.setStatus(org.springframework.http.HttpStatusCode.valueOf(status));
        return page;
    }
}
