package org.gpaction.events.catalogue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/** A refusal from events says why: the API answers a problem document, a page a page with the right status. */
@ControllerAdvice(basePackages = "org.gpaction.events")
class EventErrors {

    @ExceptionHandler(InvalidRequest.class)
    Object invalid(InvalidRequest e, HandlerMethod handler, HttpServletRequest request) {
        if (isApi(handler)) {
            return ResponseEntity.badRequest().body(e.toProblem());
        }
        return page(400, e.getMessage(), request);
    }

    @ExceptionHandler(ResponseStatusException.class)
    Object refused(ResponseStatusException e, HandlerMethod handler, HttpServletRequest request) {
        if (isApi(handler)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
            return ResponseEntity.status(e.getStatusCode())
                    .headers(e.getHeaders())
                    .body(problem);
        }
        return page(e.getStatusCode().value(), e.getReason(), request);
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

    /** The page links back to where its reader came from: a host to the events they host, anyone else to the list. */
    private static ModelAndView page(int status, String message, HttpServletRequest request) {
        boolean host = request.getRequestURI().startsWith(request.getContextPath() + "/hosting/");
        ModelAndView page = new ModelAndView(
                "events/problem",
                Map.of(
                        "status",
                        status,
                        "message",
                        message,
                        "backTo",
                        host ? "/hosting/events" : "/events",
                        "backText",
                        host ? "Events you host" : "All roadshows and webinars"));
        page.setStatus(HttpStatusCode.valueOf(status));
        return page;
    }
}
