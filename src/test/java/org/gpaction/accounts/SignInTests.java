package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.PasswordLinks;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@GpActionTest
class SignInTests {

    static final String PASSWORD = "juniper quartz saddle";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    PasswordLinks passwordLinks;

    @Autowired
    JdbcClient jdbc;

    Http browser;
    String email;
    String practice;
    long id;

    @BeforeEach
    void aReceptionistAccount() {
        browser = new Http(port);
        email = StaffApiTests.unique("reception");
        practice = TestPractices.add(jdbc);
        id = staffAccounts
                .create(
                        new CreateStaffCommand(email, PASSWORD, "RECEPTIONIST", java.util.List.of(practice), null),
                        TestAdmin.id(staffAccounts),
                        "test")
                .id();
    }

    @Test
    void signingInStartsANewSessionAndSigningOutEndsIt() {
        browser.get("/sign-in");
        String before = browser.cookie("GPACTION_SESSION");

        Http.Response home = browser.signIn(email, PASSWORD);
        String after = browser.cookie("GPACTION_SESSION");
        assertThat(after).isNotNull().isNotEqualTo(before);
        assertThat(home.body()).contains("Signed in as").contains(email);

        Http.Response account = browser.get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).contains("Receptionist").contains(practice);

        Http.Response signedOut = browser.postForm("/sign-out", Map.of());
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.header("location")).endsWith("/sign-in?signedOut");
        assertThat(browser.get("/account").status()).isEqualTo(302);
    }

    @Test
    void aWrongPasswordAnswers401WithTheErrorSummaryWithoutSayingWhetherTheAccountExists() {
        browser.get("/sign-in");
        Http.Response wrong = browser.postForm("/sign-in", Map.of("email", email, "password", "not the password"));
        Http.Response unknown =
                browser.postForm("/sign-in", Map.of("email", "nobody@nowhere.test", "password", "not the password"));
        for (Http.Response response : new Http.Response[] {wrong, unknown}) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("location")).isNull();
            assertThat(response.body())
                    .contains("govuk-error-summary")
                    .contains("Enter a correct email address and password")
                    .contains("<title>Error: Sign in")
                    .doesNotContain("not the password");
        }
        assertThat(unknown.body()).contains("value=\"nobody@nowhere.test\"");
        assertThat(browser.signIn(email, PASSWORD).body())
                .as("two wrong tries do not pause the account")
                .contains("Signed in as");
    }

    @Test
    void anEmptyEmailOrPasswordAnswers400NamingTheFieldAndCountsNothingTowardsAPause() {
        browser.get("/sign-in");
        long failuresBefore = signInFailures();

        Http.Response noEmail = browser.postForm("/sign-in", Map.of("email", "", "password", "not the password"));
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.body())
                .contains("Enter your email address")
                .contains("id=\"email-error\"")
                .contains("aria-describedby=\"email-error\"")
                .contains("<title>Error: Sign in")
                .doesNotContain("Enter a correct email address and password")
                .doesNotContain("not the password");
        for (int i = 0; i < 6; i++) {
            Http.Response noPassword = browser.postForm("/sign-in", Map.of("email", email, "password", ""));
            assertThat(noPassword.status()).isEqualTo(400);
            assertThat(noPassword.body())
                    .contains("Enter your password")
                    .contains("id=\"password-error\"")
                    .contains("aria-describedby=\"password-error\"")
                    .contains("value=\"" + email + "\"")
                    .doesNotContain("Enter a correct email address and password");
        }

        assertThat(signInFailures())
                .as("nothing counted against the account or the address")
                .isEqualTo(failuresBefore);
        assertThat(browser.signIn(email, PASSWORD).body())
                .as("six empty passwords do not pause the account")
                .contains("Signed in as");
    }

    @Test
    void aHugeEmailAddressGetsTheWrongEmailOrPasswordPageNotAServerError() {
        browser.get("/sign-in");
        Http.Response huge = browser.postForm(
                "/sign-in", Map.of("email", "a".repeat(600 * 1024) + "@example.org", "password", "not the password"));
        assertThat(huge.status()).isEqualTo(401);
        assertThat(huge.body())
                .contains("govuk-error-summary")
                .contains("Enter a correct email address and password")
                .doesNotContain("a".repeat(300));

        Http.Response tooBig = browser.postForm(
                "/sign-in",
                Map.of("email", "a".repeat(2 * 1024 * 1024) + "@example.org", "password", "not the password"));
        assertThat(tooBig.status())
                .as("a body over the limit is refused before it is read")
                .isEqualTo(413);
    }

    @Test
    void afterFiveFailuresTheAccountIsPausedEvenForTheRightPassword() {
        browser.get("/sign-in");
        for (int i = 0; i < 5; i++) {
            browser.postForm("/sign-in", Map.of("email", email, "password", "guess number " + i));
        }
        Http.Response paused = browser.postForm("/sign-in", Map.of("email", email, "password", PASSWORD));
        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.body())
                .contains("Too many failed sign-in attempts. Try again in 15 minutes")
                .as("the fix the README gives: a password link from an administrator lifts the pause")
                .contains("ask an administrator to send you a password link: choosing a new password from it lifts"
                        + " the pause at once");
        assertThat(paused.header("retry-after")).isNotNull();

        Http.Response api = browser.postJson("/api/tokens", Map.of("email", email, "password", PASSWORD));
        assertThat(api.status()).isEqualTo(429);
        assertThat(api.json().get("detail").asString()).contains("ask an administrator to send you a password link");
    }

    @Test
    void aPasswordChosenFromAResetLinkSignsInAtOnceThoughWrongPasswordsHadPausedTheAccount() {
        browser.get("/sign-in");
        for (int i = 0; i < 5; i++) {
            browser.postForm("/sign-in", Map.of("email", email, "password", "guess number " + i));
        }
        assertThat(browser.postForm("/sign-in", Map.of("email", email, "password", PASSWORD))
                        .status())
                .as("paused")
                .isEqualTo(429);

        passwordLinks.sendReset(id, TestAdmin.id(staffAccounts), TestAdmin.EMAIL);
        String link = java.net
                .URI
                .create(TestMailbox.awaitMessageTo(email, "Choose a new GP Action password")
                        .firstLink())
                .getPath();
        Http chooser = new Http(port);
        chooser.get(link);
        Http.Response chosen = chooser.postForm(
                link, Map.of("password", "orchard lantern pebble", "confirmPassword", "orchard lantern pebble"));
        assertThat(chosen.status()).isEqualTo(302);
        assertThat(chosen.header("location")).endsWith("/sign-in");

        Http holder = new Http(port);
        holder.get("/sign-in");
        Http.Response signedIn =
                holder.postForm("/sign-in", Map.of("email", email, "password", "orchard lantern pebble"));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("location")).endsWith("/safe-working/" + practice);
    }

    @Test
    void aControlCharacterInTheEmailAddressIsAWrongAddressNotAServerError() {
        browser.get("/sign-in");
        Http.Response page = browser.postForm(
                "/sign-in", Map.of("email", "ad\u0000min@example.org", "password", "not the password"));
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("Enter a correct email address and password");
        Http.Response api =
                browser.postJson("/api/tokens", Map.of("email", email.replace("@", "\u0000@"), "password", PASSWORD));
        assertThat(api.status()).isEqualTo(401);
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        browser.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response forged = browser.postFormExactly(
                "/admin/staff", Map.of("email", "forged@practice.test", "password", PASSWORD, "role", "ADMIN"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(staffAccounts.all()).noneMatch(staff -> staff.email().equals("forged@practice.test"));
    }

    @Test
    void staffWhoAreNotAdminsCannotOpenAdminPages() {
        browser.signIn(email, PASSWORD);
        Http.Response response = browser.get("/admin/staff");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("You cannot see this page");
    }

    @Test
    void disablingAnAccountEndsItsSession() {
        browser.signIn(email, PASSWORD);
        assertThat(browser.get("/account").status()).isEqualTo(200);
        long id = staffAccounts.all().stream()
                .filter(staff -> staff.email().equals(email))
                .findFirst()
                .orElseThrow()
                .id();
        staffAccounts.disable(id, TestAdmin.id(staffAccounts), "test");
        assertThat(browser.get("/account").status()).isEqualTo(302);
    }

    @Test
    void theRightPasswordOfADisabledAccountIsToldTheAccountIsDisabledNotThatItIsWrong_andCountsNothing() {
        staffAccounts.disable(id, TestAdmin.id(staffAccounts), "test");
        browser.get("/sign-in");
        long failuresBefore = signInFailures();

        Http.Response right = browser.postForm("/sign-in", Map.of("email", email, "password", PASSWORD));
        assertThat(right.status()).isEqualTo(403);
        assertThat(right.body())
                .contains("govuk-error-summary")
                .contains("This account is disabled, so it cannot sign in")
                .contains("<title>Error: Sign in")
                .doesNotContain("Enter a correct email address and password")
                .doesNotContain("Signed in as");
        Http.Response api = browser.postJson("/api/tokens", Map.of("email", email, "password", PASSWORD));
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.json().get("detail").asString()).contains("This account is disabled");
        assertThat(signInFailures())
                .as("the right password counts against neither the account nor the address")
                .isEqualTo(failuresBefore);

        Http.Response wrong = browser.postForm("/sign-in", Map.of("email", email, "password", "not the password"));
        assertThat(wrong.status())
                .as("without the password nobody learns the account is disabled")
                .isEqualTo(401);
        assertThat(wrong.body())
                .contains("Enter a correct email address and password")
                .doesNotContain("disabled");
        assertThat(browser.get("/account").status()).as("not signed in").isEqualTo(302);
    }

    @Test
    void revokingOnYourAccountPageATokenThatIsNotOneOfYourLiveOnesAnswers404SayingSoAndChangesNothing() {
        browser.signIn(email, PASSWORD);
        browser.get("/account");
        assertThat(browser.postForm("/account/tokens", Map.of("name", "sync")).status())
                .isEqualTo(200);
        long mine = jdbc.sql("select id from accounts.api_token where staff_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
        Http.Response revoked = browser.postForm("/account/tokens/" + mine + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(302);

        Http.Response again = browser.postForm("/account/tokens/" + mine + "/revoke", Map.of());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body())
                .contains("<title>Error: Your account")
                .contains("govuk-error-summary")
                .contains("You have no live token " + mine + " to revoke")
                .doesNotContain("The token is revoked");

        Http.Response others = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD));
        long theirs = others.json().get("id").asLong();
        Http.Response notMine = browser.postForm("/account/tokens/" + theirs + "/revoke", Map.of());
        assertThat(notMine.status()).isEqualTo(404);
        assertThat(notMine.body()).contains("You have no live token " + theirs + " to revoke");
        assertThat(new Http(port)
                        .get("/api/tokens", others.json().get("token").asString())
                        .status())
                .as("another's token still works")
                .isEqualTo(200);
    }

    @Test
    void changingYourPasswordSignsOutYourOtherSessionsAndRevokesYourTokens() {
        Http elsewhere = new Http(port);
        elsewhere.signIn(email, PASSWORD);
        String token = elsewhere
                .postJson("/api/tokens", Map.of("email", email, "password", PASSWORD))
                .json()
                .get("token")
                .asString();
        assertThat(elsewhere.get("/api/tokens", token).status()).isEqualTo(200);
        browser.signIn(email, PASSWORD);
        browser.get("/account/password");

        Http.Response changed = browser.postForm(
                "/account/password",
                Map.of(
                        "currentPassword", PASSWORD,
                        "newPassword", "orchard lantern pebble",
                        "confirmPassword", "orchard lantern pebble"));

        assertThat(changed.status()).isEqualTo(302);
        assertThat(browser.get("/account").body()).contains("Anywhere else you were signed in is signed out");
        assertThat(elsewhere.get("/account").status()).as("the other session").isEqualTo(302);
        assertThat(elsewhere.get("/api/tokens", token).status()).as("the token").isEqualTo(401);
    }

    @Test
    void changingYourPasswordGivesYourSessionANewKey_soACopyOfItsOldCookieIsSignedOut() {
        browser.signIn(email, PASSWORD);
        Http copy = browser.withCopiedCookies();
        assertThat(copy.get("/account").status())
                .as("the copy, before the change")
                .isEqualTo(200);
        browser.get("/account/password");
        String before = browser.cookie("GPACTION_SESSION");

        Http.Response changed = browser.postForm(
                "/account/password",
                Map.of(
                        "currentPassword", PASSWORD,
                        "newPassword", "orchard lantern pebble",
                        "confirmPassword", "orchard lantern pebble"));

        assertThat(changed.status()).isEqualTo(302);
        assertThat(browser.cookie("GPACTION_SESSION"))
                .as("the session's cookie")
                .isNotNull()
                .isNotEqualTo(before);
        Http.Response account = browser.get("/account");
        assertThat(account.status()).as("the session that changed it").isEqualTo(200);
        assertThat(account.body()).contains("Anywhere else you were signed in is signed out");
        Http.Response copied = copy.get("/account");
        assertThat(copied.status()).as("the copy of the old cookie").isEqualTo(302);
        assertThat(copied.header("location")).endsWith("/sign-in");
    }

    @Test
    void changingYourPasswordWhileTheAccountIsPausedAnswers429WithRetryAfterInTheWordsOfAPausedSignIn() {
        browser.signIn(email, PASSWORD);
        Http guesser = new Http(port);
        guesser.get("/sign-in");
        for (int i = 0; i < 5; i++) {
            guesser.postForm("/sign-in", Map.of("email", email, "password", "guess number " + i));
        }
        String hash = passwordHash();
        browser.get("/account/password");

        Http.Response paused = browser.postForm(
                "/account/password",
                Map.of(
                        "currentPassword", PASSWORD,
                        "newPassword", "orchard lantern pebble",
                        "confirmPassword", "orchard lantern pebble"));

        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.header("retry-after")).matches("[1-9][0-9]*");
        assertThat(Long.parseLong(paused.header("retry-after"))).isBetween(1L, 15 * 60L + 1);
        assertThat(paused.body())
                .contains("<title>Error: Change your password")
                .contains("Too many failed sign-in attempts. Try again in 15 minutes")
                .contains("id=\"currentPassword\"")
                .contains("aria-describedby=\"currentPassword-error\"")
                .doesNotContain(PASSWORD)
                .doesNotContain("orchard lantern pebble");
        assertThat(passwordHash()).as("the password is unchanged").isEqualTo(hash);
    }

    @Test
    void anEmptyCurrentPasswordWhenChangingYourPasswordAnswers400NamingTheFieldAndCountsNothingTowardsAPause() {
        browser.signIn(email, PASSWORD);
        browser.get("/account/password");
        long failuresBefore = signInFailures();
        String hash = passwordHash();

        for (int i = 0; i < 5; i++) {
            Http.Response empty = browser.postForm(
                    "/account/password",
                    Map.of(
                            "currentPassword", "",
                            "newPassword", "orchard lantern pebble",
                            "confirmPassword", "orchard lantern pebble"));
            assertThat(empty.status()).isEqualTo(400);
            assertThat(empty.body())
                    .contains("<title>Error: Change your password")
                    .contains("Enter your current password")
                    .contains("id=\"currentPassword-error\"")
                    .contains("aria-describedby=\"currentPassword-error\"")
                    .doesNotContain("Enter your current password correctly")
                    .doesNotContain("Too many failed sign-in attempts")
                    .doesNotContain("orchard lantern pebble");
        }

        assertThat(signInFailures())
                .as("nothing counted against the account or the address")
                .isEqualTo(failuresBefore);
        assertThat(passwordHash()).as("the password is unchanged").isEqualTo(hash);
        assertThat(new Http(port).signIn(email, PASSWORD).body())
                .as("five empty current passwords do not pause the account")
                .contains("Signed in as");
    }

    private String passwordHash() {
        return jdbc.sql("select password_hash from accounts.staff where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    @Test
    void aResetLinkStopsWorkingWhenItsHolderChangesTheirOwnPassword() {
        long id = staffAccounts.all().stream()
                .filter(account -> account.email().equals(email))
                .findFirst()
                .orElseThrow()
                .id();
        passwordLinks.sendReset(id, TestAdmin.id(staffAccounts), "test");
        String link = TestMailbox.awaitMessageTo(email, "Choose a new GP Action password")
                .firstLink();
        String path = link.substring(link.indexOf("/account/password/"));
        assertThat(new Http(port).get(path).status()).isEqualTo(200);

        browser.signIn(email, PASSWORD);
        browser.get("/account/password");
        Http.Response changed = browser.postForm(
                "/account/password",
                Map.of(
                        "currentPassword", PASSWORD,
                        "newPassword", "orchard lantern pebble",
                        "confirmPassword", "orchard lantern pebble"));
        assertThat(changed.status()).isEqualTo(302);

        Http.Response page = new Http(port).get(path);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("This link does not work");
    }

    @Test
    void pagesCarrySecurityHeaders() {
        Http.Response page = browser.get("/sign-in");
        assertThat(page.header("content-security-policy"))
                .contains("default-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(page.header("referrer-policy")).isEqualTo("strict-origin-when-cross-origin");
        assertThat(page.header("x-frame-options")).isEqualTo("DENY");
        assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");
    }

    @Test
    void unknownPagesGetTheNotFoundPage() {
        Http.Response response = browser.get("/no/such/page");
        // Unknown pages are behind sign-in like everything that is not public.
        assertThat(response.status()).isEqualTo(302);
        browser.signIn(email, PASSWORD);
        Http.Response signedIn = browser.get("/no/such/page");
        assertThat(signedIn.status()).isEqualTo(404);
        assertThat(signedIn.body()).contains("Page not found");
    }

    private long signInFailures() {
        return jdbc.sql("select count(*) from common.failed_attempt where kind like 'SIGN_IN%'")
                .query(Long.class)
                .single();
    }
}
