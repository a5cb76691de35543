package org.gpaction.ballots.ballot;

import jakarta.servlet.http.HttpServletResponse;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A ballot that does not exist is not found, at whichever ballots address names it: the API answers a problem
 * document naming the ballot, a page the not-found page, as for any other address that leads nowhere.
 */
@ControllerAdvice(basePackages = "org.gpaction.ballots")
class BallotErrors {

    @ExceptionHandler(BallotNotFound.class)
    Object notFound(BallotNotFound e, HandlerMethod handler, HttpServletResponse response) {
        if (handler.getBeanType().isAnnotationPresent(JsonApi.class)) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        }
        return notFoundPage(response);
    }

    /**
     * A ballot's page at an id that is not a number ({@code /ballots/abc}) names no ballot, so it is not found as one
     * that does not exist is. The API's answer, naming the id, is the common API advice's, which comes first. Only a
     * path variable names the ballot: any other value that is not of its type is rethrown, which passes it on as
     * unhandled here, to be the 400 it is elsewhere, as events and safe working do.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView notANumber(MethodArgumentTypeMismatchException e, HttpServletResponse response)
            throws MethodArgumentTypeMismatchException {
        if (!e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            throw e;
        }
        return notFoundPage(response);
    }

    private static ModelAndView notFoundPage(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return new ModelAndView("error/404");
    }
}
