package org.gpaction.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's headers (nosniff, the frame and content policies, no caching) on a page sent by a forward, as the
 * whole-length error page is ({@link WholeErrorPage}): written before it, by the header writer of the security chain
 * the request belongs to, as configured there. Tomcat takes the response as sent once a forward ends, so the writer
 * of the chain the refusal was made in, which adds its headers only as the request leaves it, would add them too late;
 * and a refusal made before the chain (the body limit's) never passes it.
 */
final class SecurityHeaders {

    private SecurityHeaders() {}

    static void write(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        WebApplicationContext context =
                WebApplicationContextUtils.findWebApplicationContext(request.getServletContext());
        FilterChainProxy security = context == null
                ? null
                : context.getBeanProvider(FilterChainProxy.class).getIfUnique();
        if (security == null) {
            return;
        }
        for (SecurityFilterChain chain : security.getFilterChains()) {
            if (chain.matches(request)) {
                for (var filter : chain.getFilters()) {
                    if (filter instanceof HeaderWriterFilter headers) {
                        headers.doFilter(new NotYetFiltered(request), response, (passed, answered) -> {});
                    }
                }
                return;
            }
        }
    }

    /**
     * The request as the header writer sees it here: one it has not yet written for, though the chain's own writer
     * may already be under way on it. Its mark is kept apart, so the chain's own is neither seen nor removed.
     */
    private static final class NotYetFiltered extends HttpServletRequestWrapper {

        private final Map<String, Object> marks = new HashMap<>();

        NotYetFiltered(HttpServletRequest request) {
            super(request);
        }

        private static boolean isMark(String name) {
            return name.endsWith(OncePerRequestFilter.ALREADY_FILTERED_SUFFIX);
        }

        @Override
        public Object getAttribute(String name) {
            return isMark(name) ? marks.get(name) : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (isMark(name)) {
                marks.put(name, value);
            } else {
                super.setAttribute(name, value);
            }
        }

        @Override
        public void removeAttribute(String name) {
            if (isMark(name)) {
                marks.remove(name);
            } else {
                super.removeAttribute(name);
            }
        }
    }
}
