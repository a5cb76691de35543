package org.gpaction.accounts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A person in a real browser: every page they pass through is checked for accessibility. */
@GpActionTest
class StaffAccountsJourneyTests {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    BrowserContext context;
    Page page;

    @BeforeEach
    void openBrowser() {
        context = Browser.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void theBootstrapAdminCreatesAStaffUserWhoThenSignsIn() {
        String email = StaffApiTests.unique("journey");

        page.navigate(url("/"));
        assertThat(page.getByRole(
                        AriaRole.HEADING,
                        new Page.GetByRoleOptions().setName("Collective action for general practice")))
                .isVisible();
        assertAccessible(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Staff sign in"))
                .click();
        assertThat(page).hasTitle("Sign in – GP Action");
        assertAccessible(page);
        page.getByLabel("Email address").fill(TestAdmin.EMAIL);
        page.getByLabel("Password").fill(TestAdmin.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page.getByText("Signed in as " + TestAdmin.EMAIL)).isVisible();
        assertAccessible(page);

        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Staff").setExact(true))
                .click();
        assertThat(page).hasTitle("Staff accounts – GP Action");
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a staff account"))
                .click();
        assertAccessible(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account and send the invitation"))
                .click();
        assertThat(page).hasTitle("Error: Create a staff account – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter an email address");
        assertThat(page.locator(".govuk-error-summary")).containsText("Choose a role");
        assertAccessible(page);

        page.getByLabel("Email address").fill(email);
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Practice manager"))
                .check();
        String first = org.gpaction.support.TestPractices.add(jdbc);
        String second = org.gpaction.support.TestPractices.add(jdbc);
        page.getByLabel("Practices (practice managers and receptionists)")
                .fill(first + ", " + second.toLowerCase(java.util.Locale.ROOT));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account and send the invitation"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("Staff account created for " + email);
        assertThat(page.getByRole(AriaRole.ROW)
                        .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(email)))
                .containsText(first);
        assertThat(page.getByRole(AriaRole.ROW)
                        .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(email)))
                .containsText(second);
        assertAccessible(page);
        // The person chooses their own password from the invitation.
        String invitation =
                org.gpaction.support.TestMailbox.awaitMessageTo(email).firstLink();
        BrowserContext invitee = Browser.newContext();
        Page chooser = invitee.newPage();
        chooser.navigate(url(java.net.URI.create(invitation).getPath()));
        chooser.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill("saffron beacon walrus");
        chooser.getByLabel("Confirm new password").fill("saffron beacon walrus");
        chooser.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save password"))
                .click();
        assertThat(chooser.locator(".govuk-notification-banner")).containsText("Your password is saved");
        invitee.close();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("You have signed out");
        assertAccessible(page);

        page.getByLabel("Email address").fill(email);
        page.getByLabel("Password").fill("saffron beacon walrus");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page.getByText("Signed in as " + email)).isVisible();
        assertThat(page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Staff").setExact(true)))
                .hasCount(0);

        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Your account").setExact(true))
                .click();
        assertThat(page.locator(".govuk-summary-list")).containsText("Practice manager");
        assertAccessible(page);
    }

    @Test
    void aWrongPasswordShowsAnAccessibleErrorSummary() {
        page.navigate(url("/sign-in"));
        page.getByLabel("Email address").fill("someone@practice.test");
        page.getByLabel("Password").fill("not the right one");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page).hasTitle("Error: Sign in – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter a correct email address and password");
        assertAccessible(page);
    }

    @Test
    void theFooterPagesAndErrorPagesAreAccessible() {
        for (String path : new String[] {"/accessibility", "/privacy"}) {
            page.navigate(url(path));
            assertAccessible(page);
        }
        page.navigate(url("/sign-in"));
        page.getByLabel("Email address").fill(TestAdmin.EMAIL);
        page.getByLabel("Password").fill(TestAdmin.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        page.navigate(url("/no/such/page"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Page not found")))
                .isVisible();
        assertAccessible(page);

        page.navigate(url("/account"));
        page.getByLabel("Token name").fill("browser test");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a token"))
                .click();
        assertThat(page.locator("#new-token")).hasText(java.util.regex.Pattern.compile("^[A-Za-z0-9_-]{43}$"));
        assertAccessible(page);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
