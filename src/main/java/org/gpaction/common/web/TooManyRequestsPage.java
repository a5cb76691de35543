package org.gpaction.common.web;

import jakarta.servlet.http.HttpServletResponse;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;

/**
 * A page refused for too many tries from its network address: 429, with the wait in whole seconds in Retry-After for a
 * script and, where the page says it, in whole minutes for the person, each rounded up so that neither is told to try
 * before it may.
 */
public final class TooManyRequestsPage {

    private TooManyRequestsPage() {}

    /**
     * Answers 429 with {@code page}, which says the wait's whole minutes from the model's {@code minutes}.
     *
     * @return the page's template, for the handler to return
     */
    public static String show(RetryAfter wait, String page, HttpServletResponse response, Model model) {
        model.addAttribute("minutes", wait.minutes());
        refuse(wait, response);
        return page;
    }

    /**
     * Answers 429 with the wait in Retry-After alone, for a handler whose page words the wait itself rather than from
     * the model's {@code minutes}: a form shown again with the refusal among its errors, or a page with its own wording
     * of the wait.
     */
    public static void refuse(RetryAfter wait, HttpServletResponse response) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.seconds()));
    }
}
