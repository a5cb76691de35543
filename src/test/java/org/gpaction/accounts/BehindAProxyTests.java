package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * GP Action behind the README's HAProxy, which ends TLS and adds {@code X-Forwarded-For} and {@code X-Forwarded-Proto}
 * to each request it passes on from this machine: redirects stay on the address the browser used, and pages sent over
 * HTTPS tell the browser to keep to HTTPS.
 */
@GpActionTest
class BehindAProxyTests {

    static final String STRICT_TRANSPORT_SECURITY = "strict-transport-security";

    @LocalServerPort
    int port;

    @Test
    void redirectsNeverSendTheBrowserToPlainHttpWhetherOrNotTheProxySaysTheRequestCameOverHttps() {
        for (Map<String, String> proxyHeaders : List.of(
                Map.of("X-Forwarded-For", "203.0.113.20", "X-Forwarded-Proto", "https"),
                Map.of("X-Forwarded-For", "203.0.113.21"))) {
            Http browser = Http.throughProxy(port, proxyHeaders);

            Http.Response toSignIn = browser.get("/account");
            assertThat(toSignIn.status()).as("%s", proxyHeaders).isEqualTo(302);
            assertThat(toSignIn.header("location"))
                    .as("the way to the sign-in page, through a proxy adding %s", proxyHeaders)
                    .endsWith("/sign-in")
                    .doesNotStartWith("http:");

            browser.get("/sign-in");
            Http.Response signedIn =
                    browser.postForm("/sign-in", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
            assertThat(signedIn.status()).as("%s", proxyHeaders).isEqualTo(302);
            assertThat(signedIn.header("location"))
                    .as("where signing in leads, through a proxy adding %s", proxyHeaders)
                    .doesNotStartWith("http:");
            if (proxyHeaders.containsKey("X-Forwarded-Proto")) {
                assertThat(signedIn.header("set-cookie"))
                        .as("the signed-in session's cookie, which the browser then sends over HTTPS only")
                        .contains("GPACTION_SESSION=")
                        .containsIgnoringCase("; Secure");
            }
        }
    }

    @Test
    void pagesTheProxySaysCameOverHttpsTellTheBrowserToKeepToHttpsAndPlainHttpOnesDoNot() {
        Http.Response overHttps = Http.throughProxy(
                        port, Map.of("X-Forwarded-For", "203.0.113.22", "X-Forwarded-Proto", "https"))
                .get("/sign-in");
        assertThat(overHttps.status()).isEqualTo(200);
        assertThat(overHttps.header(STRICT_TRANSPORT_SECURITY)).startsWith("max-age=31536000");

        Http.Response overHttp = Http.throughProxy(
                        port, Map.of("X-Forwarded-For", "203.0.113.23", "X-Forwarded-Proto", "http"))
                .get("/sign-in");
        assertThat(overHttp.status()).isEqualTo(200);
        assertThat(overHttp.header(STRICT_TRANSPORT_SECURITY)).isNull();
        assertThat(new Http(port).get("/sign-in").header(STRICT_TRANSPORT_SECURITY))
                .as("straight to the application, by plain HTTP")
                .isNull();
    }
}
