package org.gpaction.events.catalogue;

import java.util.Map;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/** A refusal from events says why: the API answers a problem document, a page a page with the right status. */
@ControllerAdvice(basePackages = "org.gpaction.events")
class EventErrors {

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
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
            return ResponseEntity.status(e.getStatusCode())
                    .headers(e.getHeaders())
                    .body(problem);
        }
        return page(e.getStatusCode().value(), e.getReason());
    }

    private static boolean isApi(HandlerMethod handler) {
        return handler.getBeanType().isAnnotationPresent(JsonApi.class);
    }

    private static ModelAndView page(int status, String message) {
        ModelAndView page = new ModelAndView("events/problem", Map.of("status", status, "message", message));
        page.setStatus(HttpStatusCode.valueOf(status));
        return page;
    }
}
