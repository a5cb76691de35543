package org.gpaction.ballots;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.UUID;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A member votes in a real browser, keyboard only, without JavaScript, through every page of the flow. */
@GpActionTest
class VotingJourneyTests {

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
    void aMemberVotesWithTheKeyboardAndGetsAReceiptAndTheLinkThenStopsWorking() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "VOTER-" + UUID.randomUUID());

        // Mail scanners send HEAD and GET requests: neither may use the link up.
        java.net.http.HttpResponse<Void> head = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/vote/" + token)))
                                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);

        // A member whose link does not open enters its code by hand, getting it wrong first.
        page.navigate(url("/vote"));
        assertAccessible(page);
        page.getByLabel("Voting code").fill("my code is 1234!");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter the code after /vote/ in your link");
        assertThat(page.locator("#code-error")).containsText("Enter the code after /vote/ in your link");
        assertAccessible(page);
        page.getByLabel("Voting code").fill(url("/vote/" + token));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page).hasURL(url("/vote/" + token));
        assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Yes")))
                .isVisible();

        Response first = page.navigate(url("/vote/" + token));
        assertThat(first.headers().get("cache-control")).isEqualTo("no-store");
        assertThat(first.headers().get("referrer-policy")).isEqualTo("no-referrer");
        assertThat(first.headers().get("x-robots-tag")).contains("noindex");
        page.navigate(url("/vote/" + token));
        assertAccessible(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page.locator(".govuk-error-summary")).containsText("Select your answer");
        assertThat(page.locator("fieldset")).hasAttribute("aria-describedby", "choice-hint choice-error");
        assertAccessible(page);

        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Yes"))
                .focus();
        page.keyboard().press("Space");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("#answer")).hasText("Yes");
        assertAccessible(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my vote"))
                .focus();
        page.keyboard().press("Enter");
        assertThat(page.locator(".govuk-panel__title")).hasText("Your vote has been recorded");
        assertThat(page.locator("#receipt"))
                .hasText(java.util.regex.Pattern.compile("^[A-Z2-7]{4}(-[A-Z2-7]{4}){12}$"));
        assertAccessible(page);

        page.navigate(url("/vote/" + token));
        assertThat(page.getByRole(
                        AriaRole.HEADING, new Page.GetByRoleOptions().setName("This link has already been used")))
                .isVisible();
        assertThat(page.content()).doesNotContain("Yes</dd>");
        assertAccessible(page);

        page.navigate(url("/vote/not-a-real-voting-link"));
        assertThat(page.getByRole(
                        AriaRole.HEADING, new Page.GetByRoleOptions().setName("This voting link is not recognised")))
                .isVisible();
        assertAccessible(page);
    }

    @Test
    void changingTheAnswerOnTheCheckPageGoesBackToTheQuestionWithThatAnswerChosen() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "CHANGE-" + UUID.randomUUID());
        page.navigate(url("/vote/" + token));
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("No"))
                .check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page.locator("#answer")).hasText("No");
        assertAccessible(page);

        page.locator(".govuk-summary-list__actions").getByText("Change").click();

        assertThat(page.url())
                .as("how the voter is voting is never in the address")
                .isEqualTo(url("/vote/" + token));
        assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("No")))
                .isChecked();
        assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Yes")))
                .not()
                .isChecked();
        assertThat(page.content()).doesNotContain("Select your answer");
        assertAccessible(page);
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Yes"))
                .check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(page.locator("#answer")).hasText("Yes");
        assertThat(fixtures.papers(ballot)).isZero();
    }

    @Test
    void votingWorksWithJavaScriptSwitchedOff() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "NOJS-" + UUID.randomUUID());
        // axe needs JavaScript, so this context only proves the flow; the test above checks the same pages.
        try (BrowserContext noScript = Browser.newContext(false)) {
            Page plain = noScript.newPage();
            plain.navigate(url("/vote/" + token));
            plain.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("No"))
                    .check();
            plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                    .click();
            assertThat(plain.locator("#answer")).hasText("No");
            plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my vote"))
                    .click();
            assertThat(plain.locator(".govuk-panel__title")).hasText("Your vote has been recorded");
        }
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
