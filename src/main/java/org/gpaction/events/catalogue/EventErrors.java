package org.gpaction.events.catalogue;

import jakarta.servlet.http.HttpServletRequest;
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
