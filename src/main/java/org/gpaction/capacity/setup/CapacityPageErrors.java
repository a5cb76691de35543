package org.gpaction.capacity.setup;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
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

    /**
     * A page's address with an id that is not a number, or too long to be one, names nothing, so it is not found as an
     * address leading nowhere is, as in ballots. The API's answer, naming the id, is the common API advice's, which
     * comes first; a form's field that is not a number is rethrown, which passes it on as unhandled here, to be the
     * 400 it was.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView notANumber(MethodArgumentTypeMismatchException e, HttpServletResponse response)
            throws MethodArgumentTypeMismatchException {
        if (!e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            throw e;
        }
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return new ModelAndView("error/404");
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
