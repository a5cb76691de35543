package org.gpaction.membership;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.util.UUID;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A GP joins, confirms their email from the mailbox, then signs in by email link and updates their details. */
@GpActionTest
class JoiningJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

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
    void aGpJoinsThroughTheFormAndConfirmsTheirEmailThenUpdatesTheirDetails() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String other = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "PMS", null);
        String email = TestMailbox.uniqueAddress("joiner");
        String gmc = String.valueOf(5000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 4000000));

        page.navigate(url("/"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Join the union"))
                .click();
        assertAccessible(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page).hasTitle("Error: Join the union – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter your GMC number");
        assertAccessible(page);

        page.getByLabel("First name").fill("Nadia");
        page.getByLabel("Last name").fill("Rahman");
        page.getByLabel("GMC number").fill(gmc);
        page.getByLabel("Personal email address").fill(email);
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Salaried GP"))
                .check();
        page.getByLabel("Your practice's ODS code").fill(practice);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Check your email")))
                .isVisible();
        assertThat(page.locator("main")).containsText("The link works once and expires in 48 hours.");
        assertAccessible(page);

        TestMailbox.Message confirmation = TestMailbox.awaitMessageTo(email, "Confirm your email address to join");
        String link = confirmation.firstLink();
        assertThat(jdbc.sql("""
                        select secret_link_reference from notifications.outbox
                        where recipient = :to and category = 'joining-confirmation'
                        """).param("to", email).query(String.class).list())
                .as("the link is made as the email goes, from the request's id; the outbox never holds the link")
                .containsExactly(
                        jdbc.sql("select id::text from membership.joining_request where details->>'email' = :to")
                                .param("to", email)
                                .query(String.class)
                                .single());
        // Opened twice, as a mail scanner and then the person would: looking never uses the link up.
        page.navigate(url(URI.create(link).getPath()));
        page.navigate(url(URI.create(link).getPath()));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Confirm and join")))
                .isVisible();
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm and join"))
                .click();
        assertThat(page.locator(".govuk-panel")).containsText("You have joined");
        assertAccessible(page);
        String membershipNumber = page.locator(".govuk-panel__body strong").textContent();

        String status = jdbc.sql("select status from membership.member where membership_number = :n")
                .param("n", membershipNumber)
                .query(String.class)
                .single();
        assertThat(status).isEqualTo("TRIAL");

        // The link works once: opened again, it says only that they have joined.
        page.navigate(url(URI.create(link).getPath()));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("You have already joined")))
                .isVisible();
        assertThat(page.locator("main")).not().containsText(membershipNumber);
        assertAccessible(page);

        page.navigate(url("/my-details"));
        // An address mail cannot be sent to is named, kept as typed to be mended.
        page.getByLabel("Email address").fill(email + ".");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send me a link"))
                .click();
        assertThat(page.locator("#email-error")).containsText("Enter an email address in the correct format");
        assertThat(page.getByLabel("Email address")).hasValue(email + ".");
        assertAccessible(page);
        page.getByLabel("Email address").fill(email);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send me a link"))
                .click();
        assertAccessible(page);
        TestMailbox.Message signIn = TestMailbox.awaitMessageTo(email, "Sign in to update your details");
        page.navigate(url(URI.create(signIn.firstLink()).getPath()));
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page.locator("#current-email")).hasText(email);
        assertAccessible(page);

        page.getByLabel("Role", new Page.GetByLabelOptions().setExact(true)).selectOption("CONTRACTOR_PARTNER");
        page.getByLabel("Practice ODS code").fill(other);
        page.getByLabel("First day in the role").fill("2024-01-01");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add role"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("Your new role is recorded");
        assertThat(page.locator("table")).containsText(other);
        assertAccessible(page);

        String newEmail = TestMailbox.uniqueAddress("moved");
        page.getByLabel("New email address").fill(newEmail);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change email address"))
                .click();
        // Nothing changes until the link sent to the new address is opened.
        assertThat(page.locator(".govuk-notification-banner")).containsText("We have sent a link to " + newEmail);
        assertThat(page.locator("#current-email")).hasText(email);
        TestMailbox.Message confirm = TestMailbox.awaitMessageTo(newEmail, "Confirm your new membership email address");
        page.navigate(url(URI.create(confirm.firstLink()).getPath()));
        assertThat(page.locator("#new-email")).hasText(newEmail);
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page.locator("#new-email")).hasText(newEmail);
        assertAccessible(page);
        page.navigate(url("/my-details/edit"));
        assertThat(page.locator("#current-email")).hasText(newEmail);
        // The old address is told.
        TestMailbox.awaitMessageTo(email, "Your membership email address has changed");

        int versions = jdbc.sql("select count(*) from membership.member_version where membership_number = :n")
                .param("n", membershipNumber)
                .query(Integer.class)
                .single();
        assertThat(versions).as("joined, added a role, changed email").isEqualTo(3);
    }

    @Test
    void aRefusedJoiningFormAnswers400AndEachInputIsDescribedByItsOwnProblem() {
        page.navigate(url("/join"));
        page.getByLabel("Your practice's ODS code").fill("not a code");

        com.microsoft.playwright.Response refused = page.waitForResponse(
                answer -> answer.request().method().equals("POST"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                        .click());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(page).hasTitle("Error: Join the union – GP Action");
        assertThat(page.locator("#givenName")).hasAttribute("aria-describedby", "givenName-error");
        assertThat(page.locator("#familyName")).hasAttribute("aria-describedby", "familyName-error");
        assertThat(page.locator("#gmcNumber")).hasAttribute("aria-describedby", "gmcNumber-hint gmcNumber-error");
        assertThat(page.locator("#email")).hasAttribute("aria-describedby", "email-hint email-error");
        assertThat(page.locator("fieldset:has(#role)")).hasAttribute("aria-describedby", "role-error");
        assertThat(page.locator("#practiceOds")).hasAttribute("aria-describedby", "practiceOds-hint practiceOds-error");
        assertThat(page.locator("#givenName-error")).containsText("Enter your first name");
        assertThat(page.locator("#familyName-error")).containsText("Enter your last name");
        assertThat(page.locator("#gmcNumber-error")).containsText("Enter your GMC number");
        assertThat(page.locator("#email-error")).containsText("Enter your email address");
        assertThat(page.locator("#role-error")).containsText("Choose your role");
        assertThat(page.locator("#practiceOds-error")).containsText("A practice ODS code is a letter and 5");
        assertAccessible(page);
    }

    @Test
    void joiningAgainWithAnEmailAlreadyOnTheRollSaysTheSameOnScreenAndTellsOnlyTheMember() {
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String email = TestMailbox.uniqueAddress("twice");
        String gmc = String.valueOf(5000000 + (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 4000000));
        for (int attempt = 0; attempt < 2; attempt++) {
            page.navigate(url("/join"));
            page.getByLabel("First name").fill("Olu");
            page.getByLabel("Last name").fill("Adeyemi");
            page.getByLabel("GMC number").fill(gmc);
            page.getByLabel("Personal email address").fill(email);
            page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("GP registrar"))
                    .check();
            page.getByLabel("Your practice's ODS code").fill(practice);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                    .click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Check your email")))
                    .isVisible();
            if (attempt == 0) {
                page.navigate(url(URI.create(TestMailbox.awaitMessageTo(email, "Confirm your email address to join")
                                .firstLink())
                        .getPath()));
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm and join"))
                        .click();
            }
        }
        TestMailbox.awaitMessageTo(email, "You are already a member");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
