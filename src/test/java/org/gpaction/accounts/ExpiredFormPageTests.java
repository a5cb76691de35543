package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A public form sent after its session ended (no account behind it) is refused, and the page says the form expired
 * and to go back and try again, not that an account lacks a role.
 */
@GpActionTest
class ExpiredFormPageTests {

    @LocalServerPort
    int port;

    @Test
    void aPublicFormWhoseSessionEndedSaysItExpiredAndNothingAboutAnAccount() {
        Http.Response refused = new Http(port)
                .postFormExactly(
                        "/events/999999999/register",
                        Map.of("name", "A Patient", "email", "someone@example.org", "_csrf", "from-a-session-gone"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body())
                .contains("This form has expired")
                .contains("Go back, reload the page and try again")
                .doesNotContain("Your account", "administrator");
    }
}
