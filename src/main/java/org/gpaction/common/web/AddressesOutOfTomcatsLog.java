package org.gpaction.common.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.gpaction.common.AddressesLeftOut;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tomcat logs an exception that leaves the application, with its message and its root cause, before the error page
 * logs it again with its reference: one whose messages quote an email address leaves as its copy without them, so
 * neither line says whom the failure was about. Any other leaves as it was, its type unchanged for Tomcat.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AddressesOutOfTomcatsLog implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (AddressesLeftOut.quoteAny(e)) {
                throw AddressesLeftOut.of(e);
            }
            throw e;
        }
    }
}
