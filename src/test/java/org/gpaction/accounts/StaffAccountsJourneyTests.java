package org.gpaction.accounts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.accounts.StaffPages.choosePassword;
import static org.gpaction.accounts.StaffPages.fillSignIn;
import static org.gpaction.accounts.StaffPages.row;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A person in a real browser: every page they pass through is checked for accessibility. */
@GpActionTest
class StaffAccountsJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    StaffPages pages;
    BrowserContext context;
    Page page;

    /** The accounts this test made (one with a password it chose), left enabled when it ends. */
    final List<String> accountsMade = new ArrayList<>();

    /** The names of the tokens this test made on the bootstrap administrator, live when it ends. */
    final List<String> tokensMade = new ArrayList<>();

    @BeforeEach
    void openBrowser() {
        pages = new StaffPages(port);
        context = Browser.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    /** No account anyone could sign in to, nor a live token, is left behind in the shared database. */
    @AfterEach
    void removeAccountsAndTokensMade() {
        for (String email : accountsMade) {
            jdbc.sql("delete from accounts.page_session where lower(principal_name) = lower(:email)")
                    .param("email", email)
                    .update();
            jdbc.sql("delete from accounts.staff where lower(email) = lower(:email)")
                    .param("email", email)
                    .update();
        }
        for (String name : tokensMade) {
            jdbc.sql("update accounts.api_token set revoked_at = now() where name = :name and revoked_at is null")
                    .param("name", name)
                    .update();
        }
    }

    @Test
    void theBootstrapAdminCreatesAStaffUserWhoThenSignsIn() {
        String email = StaffApiTests.unique("journey");
        accountsMade.add(email);

        page.navigate(pages.url("/"));
        assertThat(page.getByRole(
                        AriaRole.HEADING,
                        new Page.GetByRoleOptions().setName("Collective action for general practice")))
                .isVisible();
        assertAccessible(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Staff sign in"))
                .click();
        assertThat(page).hasTitle("Sign in – GP Action");
        assertAccessible(page);
        fillSignIn(page, TestAdmin.EMAIL, TestAdmin.PASSWORD);
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
        String first = TestPractices.add(jdbc);
        String second = TestPractices.add(jdbc);
        page.getByLabel("Practices (practice managers and receptionists)")
                .fill(first + ", " + second.toLowerCase(Locale.ROOT));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account and send the invitation"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("Staff account created for " + email);
        assertThat(row(page, email)).containsText(first);
        assertThat(row(page, email)).containsText(second);
        assertAccessible(page);
        // The person chooses their own password from the invitation.
        String invitation = TestMailbox.awaitMessageTo(email).firstLink();
        BrowserContext invitee = Browser.newContext();
        Page chooser = invitee.newPage();
        pages.openLink(chooser, invitation);
        choosePassword(chooser, "saffron beacon walrus", "saffron beacon walrus");
        assertThat(chooser.locator(".govuk-notification-banner")).containsText("Your password is saved");
        invitee.close();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("You have signed out");
        assertAccessible(page);

        fillSignIn(page, email, "saffron beacon walrus");
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
    void aRefusedCreateOrChangeOfAStaffAccountAnswers400AndEachInputIsDescribedByItsOwnProblem() {
        pages.signIn(page, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(pages.url("/admin/staff/new"));
        page.getByLabel("Practices (practice managers and receptionists)").fill("not-a-code");
        page.getByLabel("Local Medical Committee (LMC officers)").fill("No Such LMC");

        Response refused = submit("Create account and send the invitation");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(page).hasTitle("Error: Create a staff account – GP Action");
        assertThat(page.locator("#email")).hasAttribute("aria-describedby", "email-error");
        assertThat(page.locator("fieldset:has(#role)")).hasAttribute("aria-describedby", "role-hint role-error");
        assertThat(page.locator("#practices")).hasAttribute("aria-describedby", "practices-hint practices-error");
        assertThat(page.locator("#lmc")).hasAttribute("aria-describedby", "lmc-hint lmc-error");
        assertThat(page.locator("#email-error")).containsText("Enter an email address");
        assertThat(page.locator("#role-error")).containsText("Choose a role");
        assertThat(page.locator("#practices-error")).containsText("is not an ODS code");
        assertThat(page.locator("#lmc-error")).containsText("There is no LMC called 'No Such LMC'");
        assertAccessible(page);

        String email = StaffApiTests.unique("refused-change");
        accountsMade.add(email);
        page.getByLabel("Email address").fill(email);
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Scrutineer"))
                .check();
        page.getByLabel("Practices (practice managers and receptionists)").fill("");
        page.getByLabel("Local Medical Committee (LMC officers)").fill("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account and send the invitation"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("Staff account created for " + email);
        row(page, email)
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Change"))
                .click();
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("LMC officer"))
                .check();

        Response refusedChange = submit("Save changes");

        assertThat(refusedChange.status()).isEqualTo(400);
        assertThat(page).hasTitle("Error: Change a staff account – GP Action");
        assertThat(page.locator("#lmc")).hasAttribute("aria-describedby", "lmc-hint lmc-error");
        assertThat(page.locator("#lmc-error")).containsText("Enter the LMC this LMC officer works for");
        assertThat(page.locator("fieldset:has(#role)")).hasAttribute("aria-describedby", "role-hint");
        assertThat(page.locator("#practices")).hasAttribute("aria-describedby", "practices-hint");
        assertAccessible(page);
    }

    /** Clicks the form's button, answering the response to the form sent (not the page a redirect then loads). */
    private Response submit(String button) {
        return page.waitForResponse(
                answer -> answer.request().method().equals("POST"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button))
                        .click());
    }

    @Test
    void aWrongPasswordAnswers401WithAnAccessibleErrorSummaryTiedToBothFields() {
        page.navigate(pages.url("/sign-in"));
        page.getByLabel("Email address").fill("someone@practice.test");
        page.getByLabel("Password").fill("not the right one");

        Response refused = submit("Sign in");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(page).hasTitle("Error: Sign in – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter a correct email address and password");
        assertThat(page.locator("#email")).hasValue("someone@practice.test");
        assertThat(page.locator("#password")).hasValue("");
        assertThat(page.locator("#email")).hasAttribute("aria-describedby", "email-error");
        assertThat(page.locator("#password")).hasAttribute("aria-describedby", "email-error");
        assertThat(page.locator("#email-error")).containsText("Enter a correct email address and password");
        assertAccessible(page);
    }

    @Test
    void theFooterPagesAndErrorPagesAreAccessible() {
        for (String path : new String[] {"/accessibility", "/privacy"}) {
            page.navigate(pages.url(path));
            assertAccessible(page);
        }
        pages.signIn(page, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(pages.url("/no/such/page"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Page not found")))
                .isVisible();
        assertAccessible(page);

        page.navigate(pages.url("/account"));
        String name = "browser test " + System.nanoTime();
        tokensMade.add(name);
        page.getByLabel("Token name").fill(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a token"))
                .click();
        assertThat(page.locator("#new-token")).hasText(Pattern.compile("^[A-Za-z0-9_-]{43}$"));
        assertAccessible(page);
    }

    /**
     * Reloading the page that shows a new token sends its form again: no second token is made, and the page says the
     * token was made and shown once, and how to make another.
     */
    @Test
    void reloadingThePageShowingANewTokenMakesNoOtherAndSaysSo() {
        String name = "reload " + System.nanoTime();
        tokensMade.add(name);
        pages.signIn(page, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(pages.url("/account"));
        page.getByLabel("Token name").fill(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a token"))
                .click();
        assertThat(page.locator("#new-token")).isVisible();

        Response reloaded = page.reload();

        assertThat(reloaded.request().method())
                .as("the reload sends the form again")
                .isEqualTo("POST");
        assertThat(reloaded.status()).isEqualTo(409);
        assertThat(page.locator("#new-token")).hasCount(0);
        assertThat(page.locator(".govuk-error-summary"))
                .containsText("This form was sent before, and its token was made then and shown once");
        assertThat(jdbc.sql("select count(*) from accounts.api_token where name = :name")
                        .param("name", name)
                        .query(Long.class)
                        .single())
                .as("tokens made")
                .isOne();
        assertAccessible(page);
    }
}
