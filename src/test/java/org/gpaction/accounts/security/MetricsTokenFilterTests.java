package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gpaction.common.startup.StartupProblem;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

/** With no metrics token configured no token opens the metrics, and a token opens nothing but the metrics. */
@GpActionTest
class MetricsTokenFilterTests {

    @Autowired
    SignInThrottle throttle;

    @AfterEach
    void forget() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void withNoTokenConfiguredEveryBearerTokenIsRefused() throws Exception {
        MetricsTokenFilter filter = new MetricsTokenFilter(new MetricsProperties(""), throttle);
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(scrape("Bearer " + TestAdmin.METRICS_TOKEN), response, chain);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("set GPACTION_METRICS_TOKEN");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void theRightTokenSignsInAScraperThatIsNoStaffMember() throws Exception {
        MetricsTokenFilter filter = new MetricsTokenFilter(new MetricsProperties(TestAdmin.METRICS_TOKEN), throttle);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(scrape("Bearer " + TestAdmin.METRICS_TOKEN), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication().getAuthorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_" + MetricsTokenFilter.SCRAPER);
    }

    @Test
    void theTokenOpensNoOtherPath() throws Exception {
        MetricsTokenFilter filter = new MetricsTokenFilter(new MetricsProperties(TestAdmin.METRICS_TOKEN), throttle);
        MockHttpServletRequest other = new MockHttpServletRequest("GET", "/actuator/metrics");
        other.addHeader("Authorization", "Bearer " + TestAdmin.METRICS_TOKEN);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(other, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    @Test
    void aShortOrSpacedTokenIsRefusedAsConfigurationWithoutItsValueWhileNoneOrALongOneIsAccepted() {
        for (String token : new String[] {"too-short-to-be-safe", "a".repeat(20) + " " + "b".repeat(20)}) {
            assertThatThrownBy(() -> new MetricsProperties(token))
                    .as(token)
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageContaining("GPACTION_METRICS_TOKEN")
                    .hasMessageContaining("at least 32 characters with no spaces")
                    .hasMessageNotContaining(token)
                    .satisfies(problem -> assertThat(((StartupProblem) problem).action())
                            .contains("openssl rand -hex 32")
                            .doesNotContain(token));
        }
        assertThat(new MetricsProperties("").tokenAccess()).isFalse();
        assertThat(new MetricsProperties(TestAdmin.METRICS_TOKEN).tokenAccess()).isTrue();
    }

    private static MockHttpServletRequest scrape(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", MetricsTokenFilter.PATH);
        request.addHeader("Authorization", authorization);
        return request;
    }
}
