package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.gpaction.accounts.staff.StaffAccounts;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

public final class TestAdmin {

    public static final String EMAIL = "first.admin@gpaction.test";
    public static final String PASSWORD = "kettle orbit lantern meadow";

    /** The token a Prometheus server sends to read the metrics (GPACTION_METRICS_TOKEN). */
    public static final String METRICS_TOKEN = "3f9c1d7e2b8a4f6c0e5d9b1a7c3e8f2d4b6a0c9e1f7d3b5a";

    private TestAdmin() {}

    /** The administrator's account id, for a change a test makes as them. */
    public static long id(StaffAccounts accounts) {
        return accounts.all().stream()
                .filter(account -> account.email().equals(EMAIL))
                .findFirst()
                .orElseThrow()
                .id();
    }

    /** MockMvc past the security filters, and the session the administrator signed in with through it. */
    public record MockMvcSignIn(MockMvc mvc, MockHttpSession session) {}

    /**
     * Signs the administrator in through the sign-in form by MockMvc: its requests run on the test's own thread, so
     * they see a transaction the test has open (and rolls back), which requests to the running server would not.
     */
    public static MockMvcSignIn signInByMockMvc(WebApplicationContext context) throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        MockHttpSession session = (MockHttpSession) mvc.perform(MockMvcRequestBuilders.post("/sign-in")
                        .param("email", EMAIL)
                        .param("password", PASSWORD)
                        .with(SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn()
                .getRequest()
                .getSession(false);
        assertThat(session).as("signed in").isNotNull();
        return new MockMvcSignIn(mvc, session);
    }
}
