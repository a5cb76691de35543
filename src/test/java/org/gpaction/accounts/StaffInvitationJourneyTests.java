package org.gpaction.accounts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.accounts.StaffPages.choosePassword;
import static org.gpaction.accounts.StaffPages.row;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nobody types another person's password: new staff are invited by email and choose their own, an administrator
 * sends a reset link, and staff change their own. Through the real mailbox, in a real browser, axe on every page.
 */
@GpActionTest
class StaffInvitationJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    StaffPages pages;
    BrowserContext admin;
    BrowserContext invitee;

    @BeforeEach
    void openBrowsers() {
        pages = new StaffPages(port);
        admin = Browser.newContext();
        invitee = Browser.newContext();
    }

    @AfterEach
    void closeBrowsers() {
        admin.close();
        invitee.close();
    }

    @Test
    void anInvitedPracticeManagerChoosesTheirOwnPasswordLandsOnTheirPracticeAndLaterChangesIt() throws Exception {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String email = TestMailbox.uniqueAddress("invited.manager");

        Page page = pages.signIn(admin.newPage(), TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(pages.url("/admin/staff/new"));
        assertThat(page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)))
                .hasCount(0);
        page.getByLabel("Email address").fill(email);
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Practice manager"))
                .check();
        page.getByLabel("Practices (practice managers and receptionists)").fill(practice);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account and send the invitation"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("Staff account created for " + email);
        assertThat(row(page, email)).containsText("Invited");
        assertAccessible(page);

        TestMailbox.Message invitation = TestMailbox.awaitMessageTo(email, "You have a GP Action staff account");
        assertThat(invitation.body()).contains(TestAdmin.EMAIL, "practice manager");
        String link = invitation.firstLink();
        assertThat(link).contains("/account/password/");

        // Mail scanners open links: neither HEAD nor GET uses it up.
        Http scanner = new Http(port);
        assertThat(scanner.get(URI.create(link).getPath()).status()).isEqualTo(200);
        Page chooser = invitee.newPage();
        pages.openLink(chooser, link);
        assertThat(chooser.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Choose your password")))
                .isVisible();
        assertThat(chooser.getByText(email)).isVisible();
        assertAccessible(chooser);

        Response mismatched =
                posted(chooser, () -> choosePassword(chooser, "saffron beacon walrus", "saffron beacon walruses"));
        assertThat(mismatched.status()).isEqualTo(400);
        assertThat(chooser.locator(".govuk-error-summary")).containsText("Passwords do not match");
        assertThat(chooser.locator("#password")).hasAttribute("aria-describedby", "password-hint");
        assertThat(chooser.locator("#confirmPassword")).hasAttribute("aria-describedby", "confirmPassword-error");
        assertThat(chooser.locator("#confirmPassword-error")).containsText("Passwords do not match");
        assertAccessible(chooser);
        Response weak = posted(chooser, () -> choosePassword(chooser, "password1234", "password1234"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(chooser.locator(".govuk-error-summary")).isVisible();
        assertThat(chooser.locator("#password")).hasAttribute("aria-describedby", "password-hint password-error");
        assertThat(chooser.locator("#password-error")).isVisible();
        assertThat(chooser.locator("#confirmPassword").getAttribute("aria-describedby"))
                .isNull();
        assertAccessible(chooser);
        choosePassword(chooser, "saffron beacon walrus", "saffron beacon walrus");
        assertThat(chooser.locator(".govuk-notification-banner")).containsText("Your password is saved");
        assertAccessible(chooser);

        // Signed in, a practice manager lands on their own practice, not the public start page.
        pages.signIn(chooser, email, "saffron beacon walrus");
        assertThat(URI.create(chooser.url()).getPath()).isEqualTo("/actions/practices/" + practice);
        assertAccessible(chooser);

        // The link worked once.
        Page again = invitee.newPage();
        pages.openLink(again, link);
        assertThat(again.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("This link does not work")))
                .isVisible();
        assertAccessible(again);
        assertThat(scanner.get(URI.create(link).getPath()).status()).isEqualTo(404);

        page.navigate(pages.url("/admin/staff"));
        assertThat(row(page, email)).containsText("Active");

        // They change their own password, giving the current one first.
        chooser.navigate(pages.url("/account"));
        chooser.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change your password"))
                .click();
        assertAccessible(chooser);
        chooser.getByLabel("Current password").fill("not my password at all");
        chooser.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill("copper lantern harbour");
        chooser.getByLabel("Confirm new password").fill("copper lantern harbour");
        Response wrongCurrent = posted(
                chooser,
                () -> chooser.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password"))
                        .click());
        assertThat(wrongCurrent.status()).isEqualTo(400);
        assertThat(chooser.locator(".govuk-error-summary")).containsText("Enter your current password correctly");
        assertThat(chooser.locator("#currentPassword")).hasAttribute("aria-describedby", "currentPassword-error");
        assertThat(chooser.locator("#currentPassword-error")).containsText("Enter your current password correctly");
        assertThat(chooser.locator("#newPassword")).hasAttribute("aria-describedby", "newPassword-hint");
        assertAccessible(chooser);
        chooser.getByLabel("Current password").fill("saffron beacon walrus");
        chooser.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill("saffron beacon walrus");
        chooser.getByLabel("Confirm new password").fill("saffron beacon walrus");
        Response unchanged = posted(
                chooser,
                () -> chooser.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password"))
                        .click());
        assertThat(unchanged.status()).isEqualTo(400);
        assertThat(chooser.locator("#newPassword"))
                .hasAttribute("aria-describedby", "newPassword-hint newPassword-error");
        assertThat(chooser.locator("#newPassword-error")).containsText("Choose a password different from your current");
        assertThat(chooser.locator("#currentPassword").getAttribute("aria-describedby"))
                .isNull();
        assertAccessible(chooser);
        chooser.getByLabel("Current password").fill("saffron beacon walrus");
        chooser.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill("copper lantern harbour");
        chooser.getByLabel("Confirm new password").fill("copper lantern harbour");
        chooser.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password"))
                .click();
        assertThat(chooser.locator(".govuk-notification-banner")).containsText("Your password is changed");
        assertAccessible(chooser);

        assertThat(new Http(port).signIn(email, "saffron beacon walrus").body())
                .contains("Enter a correct email address and password");
        assertThat(new Http(port).signIn(email, "copper lantern harbour").body())
                .contains("Signed in as <strong>" + email + "</strong>");
    }

    /** Does what sends a form, answering the response to the form sent (not the page a redirect then loads). */
    private static Response posted(Page page, Runnable send) {
        return page.waitForResponse(answer -> answer.request().method().equals("POST"), send);
    }

    @Test
    void anAdministratorSendsAResetLinkAndChangesAScopeThatAppliesFromTheNextPage() throws Exception {
        String first = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String second = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String email = TestMailbox.uniqueAddress("receptionist");
        Http api = new Http(port);
        String token = api.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        Http.Response created = api.postJson(
                "/api/staff", Map.of("email", email, "role", "RECEPTIONIST", "practices", List.of(first)), token);
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String link = TestMailbox.awaitMessageTo(email, "You have a GP Action staff account")
                .firstLink();
        Page reception = invitee.newPage();
        pages.openLink(reception, link);
        choosePassword(reception, "velvet compass orchard", "velvet compass orchard");

        // A receptionist lands on the reception board of their practice.
        pages.signIn(reception, email, "velvet compass orchard");
        assertThat(URI.create(reception.url()).getPath()).isEqualTo("/safe-working/" + first);

        // The administrator moves them to another practice: their open session follows at the next page.
        Page page = pages.signIn(admin.newPage(), TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(pages.url("/admin/staff"));
        row(page, email).getByRole(AriaRole.LINK).first().click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Change a staff account")))
                .isVisible();
        assertAccessible(page);
        page.getByLabel("Practices (practice managers and receptionists)").fill("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes"))
                .click();
        assertThat(page.locator(".govuk-error-summary")).containsText("at least one practice");
        assertAccessible(page);
        page.getByLabel("Practices (practice managers and receptionists)").fill(second);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText(email + " is now receptionist");
        assertThat(row(page, email)).containsText(second);

        reception.navigate(pages.url("/account"));
        assertThat(reception.locator(".govuk-summary-list")).containsText(second);
        assertThat(reception.locator(".govuk-summary-list")).not().containsText(first);
        assertThat(reception.navigate(pages.url("/safe-working/" + first)).status())
                .isIn(403, 404);

        // A reset link: the old password works until the new one is chosen.
        row(page, email)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send password link to " + email))
                .click();
        assertThat(page.locator(".govuk-notification-banner"))
                .containsText("A link to choose a new password is on its way to " + email);
        assertAccessible(page);
        String reset = TestMailbox.awaitMessageTo(email, "Choose a new GP Action password")
                .firstLink();
        assertThat(new Http(port).signIn(email, "velvet compass orchard").body())
                .contains("Signed in as <strong>" + email + "</strong>");
        BrowserContext signedOut = Browser.newContext();
        Page chooser = signedOut.newPage();
        pages.openLink(chooser, reset);
        assertThat(chooser.getByText("Your current password works until you choose a new one"))
                .isVisible();
        choosePassword(chooser, "harbour thistle engine", "harbour thistle engine");
        assertThat(chooser.locator(".govuk-notification-banner")).containsText("Your password is saved");
        signedOut.close();
        // Whoever was signed in with the old password is not any more.
        reception.navigate(pages.url("/account"));
        assertThat(reception).hasURL(java.util.regex.Pattern.compile(".*/sign-in.*"));
        assertThat(new Http(port).signIn(email, "velvet compass orchard").body())
                .contains("Enter a correct email address and password");
        assertThat(new Http(port).signIn(email, "harbour thistle engine").body())
                .contains("Signed in as <strong>" + email + "</strong>");

        // The API says the same: a changed scope, and a reset link accepted for sending.
        assertThat(api.get("/api/staff/" + id, token)
                        .json()
                        .get("practices")
                        .get(0)
                        .asString())
                .isEqualTo(second);
        assertThat(api.postJson("/api/staff/" + id + "/password-reset", Map.of(), token)
                        .status())
                .isEqualTo(202);
    }
}
