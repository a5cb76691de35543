package org.gpaction.membership.selfservice;

import jakarta.servlet.http.HttpServletResponse;
import org.gpaction.membership.members.RollBeingUpdated;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A joiner's or member's change that could not have the roll while an import held it: 503 with a page saying so, not
 * an error with a reference number, as it is no fault and passes in a minute or two.
 */
@ControllerAdvice(assignableTypes = {JoinController.class, MyDetailsController.class, EmailChangeController.class})
class RollBeingUpdatedPage {

    @ExceptionHandler(RollBeingUpdated.class)
    String rollBeingUpdated(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "60");
        return "membership/roll-being-updated";
    }
}
