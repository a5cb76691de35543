package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.Browser;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many people behind one public address (an NHS site): once that address has sent too many bad tokens and wrong
 * passwords it is paused for those, but a valid token and a right password still work from it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
            "gpaction.accounts.failures-per-address=" + SharedAddressTests.PER_ADDRESS
        })
class SharedAddressTests {

    static final int PER_ADDRESS = 4;
    static final String PASSWORD = "harbour quilt emberline";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @BeforeEach
    @AfterEach
    void forgetFailures() {
        new AttemptsFromHere(jdbc, networks)
                .forget("SIGN_IN_ADDRESS", "API_TOKEN_ADDRESS", "PASSWORD_LINK_ADDRESS", "SETUP_LINK_ADDRESS");
    }

    @Test
    void aValidTokenWorksFromAnAddressPausedForBadOnes() {
        Http http = new Http(port);
        String token = http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(http.get("/api/staff", SecretTokens.generate()).status()).isEqualTo(401);
        }
        assertThat(http.get("/api/staff", SecretTokens.generate()).status()).isEqualTo(429);

        assertThat(http.get("/api/staff", token).status()).isEqualTo(200);
        assertThat(http.get("/api/staff", SecretTokens.generate()).status()).isEqualTo(429);
    }

    @Test
    void theRightPasswordWorksFromAnAddressPausedForWrongOnesWhileEachAccountKeepsItsOwnLimit() {
        String colleague = StaffApiTests.unique("colleague");
        staffAccounts.create(
                new CreateStaffCommand(colleague, PASSWORD, "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "t");
        Http guesser = new Http(port);
        guesser.get("/sign-in");
        for (int i = 0; i < PER_ADDRESS; i++) {
            String someone = StaffApiTests.unique("someone");
            assertThat(guesser.postForm("/sign-in", Map.of("email", someone, "password", "guess " + i))
                            .status())
                    .isEqualTo(401);
        }
        Http.Response paused =
                guesser.postForm("/sign-in", Map.of("email", StaffApiTests.unique("other"), "password", "guess"));
        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(paused.body())
                .as("the refusal says the password was wrong and that the right one works from here")
                .contains("The email address or password is wrong")
                .contains("try again in 15 minutes; the right email address and password still sign in from here now");

        Http.Response signedIn = new Http(port).signIn(colleague, PASSWORD);
        assertThat(signedIn.body()).contains("Signed in as").contains(colleague);
        assertThat(new Http(port)
                        .postJson("/api/tokens", Map.of("email", colleague, "password", PASSWORD))
                        .status())
                .isEqualTo(201);
        Http.Response wrongThroughApi =
                new Http(port).postJson("/api/tokens", Map.of("email", colleague, "password", "not it at all"));
        assertThat(wrongThroughApi.status()).isEqualTo(429);
        assertThat(wrongThroughApi.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(wrongThroughApi.json().get("detail").asString())
                .startsWith("The email address or password is wrong")
                .contains("the right email address and password still sign in from here now");

        for (int i = 0; i < 5; i++) {
            new Http(port).postJson("/api/tokens", Map.of("email", colleague, "password", "still not it " + i));
        }
        assertThat(new Http(port)
                        .postJson("/api/tokens", Map.of("email", colleague, "password", PASSWORD))
                        .status())
                .as("the account's own pause still refuses even the right password")
                .isEqualTo(429);
    }

    @Test
    void anAddressPausedForUnknownPasswordLinksIsToldWhenToTryAgain_withRetryAfterAndOnItsPage() {
        assertPausedWithTheWaitLeft("/account/password/", "PASSWORD_LINK_ADDRESS");
    }

    @Test
    void anAddressPausedForUnknownSetupLinksIsToldWhenToTryAgain_withRetryAfterAndOnItsPage() {
        assertPausedWithTheWaitLeft("/setup/", "SETUP_LINK_ADDRESS");
    }

    private void assertPausedWithTheWaitLeft(String linkPath, String kind) {
        Http http = new Http(port);
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(http.get(linkPath + SecretTokens.generate()).status()).isEqualTo(404);
        }
        // Tried 10 minutes ago, so the address may try again in 5 of the window's 15.
        new AttemptsFromHere(jdbc, networks).age(kind, Duration.ofMinutes(10));

        Http.Response paused = http.get(linkPath + SecretTokens.generate());

        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.header("Retry-After"))
                .as("the wait the limiter gives, not the whole window")
                .matches("[1-9][0-9]*")
                .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(240L, 300L));
        long minutes = (Long.parseLong(paused.header("Retry-After")) + 59) / 60;
        assertThat(paused.body().replaceAll("\\s+", " "))
                .as("the page tells the person the same wait, in whole minutes rounded up")
                .contains("Wait " + minutes + " minutes and try again");

        // The page as a person opening another link from the same address sees it, checked with axe. The browser opens
        // the paused address itself: through localhost Chromium connects from ::1, an address nobody paused.
        BrowserContext browser = Browser.newContext();
        try {
            Page page = browser.newPage();
            Response seen = page.navigate(AttemptsFromHere.site(port) + linkPath + SecretTokens.generate());
            assertThat(seen.status())
                    .as("what the browser was answered at %s", seen.url())
                    .isEqualTo(429);
            long minutesSeen = (Long.parseLong(seen.headerValue("Retry-After")) + 59) / 60;
            assertThat(page.locator("main").innerText().replaceAll("\\s+", " "))
                    .as("the page the browser shows tells the wait its own Retry-After gives")
                    .contains("Wait " + minutesSeen + " minutes and try again");
            Browser.assertAccessible(page);
        } finally {
            browser.close();
        }
    }
}
