package org.gpaction.ballots;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scrutineer's path in a real browser and through the real mailbox: members vote with the links they were
 * emailed, voting closes, the scrutineer certifies and publishes, every member on the roll is emailed the result,
 * and one follows the email to the result and checks their receipt typed in lower case with spaces. Every page
 * passes the accessibility check and fits 320 px wide.
 */
@GpActionTest
class ResultJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Tallying tallying;

    @Autowired
    DecryptionShares shares;

    @Autowired
    RollKeeper rolls;

    Page page;

    @Test
    void membersVoteTheScrutineerCertifiesAndPublishesAndEveryMemberCanCheckTheResult() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        String practice = TestPractices.add(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        String title = fixtures.title(ballot);
        String scrutineer = new ResultsTestData(jdbc, new Http(port)).staff("SCRUTINEER", List.of());
        List<Voter> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Voter member = fixtures.member(practice);
            rolls.addByScrutineer(ballot, member.number(), "Partner missed by the membership export", scrutineer);
            members.add(member);
        }

        List<String> receipts = new ArrayList<>();
        String[] choices = {"Yes", "No"};
        for (int i = 0; i < choices.length; i++) {
            TestMailbox.Message invitation =
                    TestMailbox.awaitMessageTo(members.get(i).email(), "Your ballot: " + title);
            try (BrowserContext member = Browser.newContext()) {
                page = member.newPage();
                page.navigate(local(invitation.firstLink()));
                assertAccessible(page);
                page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(choices[i]))
                        .check();
                button("Continue");
                assertAccessible(page);
                button("Confirm my vote");
                assertThat(page.locator(".govuk-panel__title")).hasText("Your vote has been recorded");
                assertAccessible(page);
                receipts.add(page.locator("#receipt").textContent().strip());
            }
        }

        jdbc.sql("update ballots.ballot set closes_at = now() where id = :id")
                .param("id", ballot)
                .update();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(ballot).equals("CLOSED"));
        TestTrustee.count(jdbc, tallying, shares, ballot);

        try (BrowserContext staff = Browser.newContext()) {
            page = staff.newPage();
            Browser.signIn(page, url("/sign-in"), scrutineer, ResultsTestData.PASSWORD);
            page.navigate(url("/ballots/" + ballot));
            assertThat(page.locator("#status")).hasText("CLOSED");
            assertAccessible(page);

            APIResponse register = page.request().get(url("/ballots/" + ballot + "/marked-register.csv"));
            assertThat(register.status()).isEqualTo(200);
            String csv = register.text();
            assertThat(csv)
                    .contains(members.get(0).number())
                    .contains(",yes\r\n")
                    .contains(",no\r\n");
            assertThat(csv.split("\r\n")).hasSize(4);

            link("Result");
            assertThat(page.locator("#certification-status")).hasText("Not yet certified");
            assertAccessible(page);
            link("Certify the report");
            assertAccessible(page);
            button("Certify the report");
            assertThat(page.locator(".govuk-error-summary")).containsText("Confirm that you have examined the report");
            assertThat(page.locator("fieldset")).hasAttribute("aria-describedby", "confirm-error");
            assertAccessible(page);
            page.getByLabel("I have examined this report and certify it").check();
            button("Certify the report");
            assertThat(page.locator("#done")).hasText("You certified the report");
            assertAccessible(page);
            button("Publish the result");
            assertThat(page.locator("#published")).containsText("emailed to everyone on the roll");
            assertThat(page.locator("#result-emailed")).hasText(String.valueOf(members.size()));
            assertAccessible(page);
        }

        List<TestMailbox.Message> results = new ArrayList<>();
        for (Voter member : members) {
            TestMailbox.Message result = TestMailbox.awaitMessageTo(member.email(), "Result: " + title);
            assertThat(result.body()).contains("Yes: 1 vote (50.0% of valid votes)");
            assertThat(TestMailbox.messagesTo(member.email()).stream()
                            .filter(message -> message.subject().equals("Result: " + title)))
                    .as("one result email each, voted or not")
                    .hasSize(1);
            results.add(result);
        }

        try (BrowserContext member = Browser.newContext()) {
            page = member.newPage();
            page.navigate(local(results.get(0).firstLink()));
            assertThat(page.locator("h1")).hasText(title);
            assertThat(page.locator("#option-0")).hasText("1");
            assertThat(page.locator("#option-1")).hasText("1");
            assertThat(page.locator("#turnout")).hasText("66.7%");
            String scrutineerName = jdbc.sql("select scrutineer_name from ballots.ballot where id = :id")
                    .param("id", ballot)
                    .query(String.class)
                    .single();
            assertThat(page.locator("#certified-by")).hasText(scrutineerName + ", independent scrutineer");
            assertThat(page.content()).doesNotContain(scrutineer);
            assertAccessible(page);
            link("Check your receipt");
            assertAccessible(page);
            String typed = receipts.get(0).toLowerCase(Locale.ROOT).replace('-', ' ');
            page.getByLabel("Your receipt").fill(typed);
            button("Check");
            assertThat(page.locator("#outcome")).containsText("Your vote was counted");
            assertThat(page.locator("#outcome")).containsText(receipts.get(0));
            assertThat(page.locator("main")).not().containsText("Yes");
            assertAccessible(page);
            link("See the result of this ballot");
            assertThat(page.locator("#turnout")).hasText("66.7%");
            page.navigate(url("/results"));
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title)))
                    .isVisible();
            assertAccessible(page);
        }
    }

    private String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
    }

    /** A link from an email, on this test's server (the emails carry the configured base address). */
    private String local(String link) {
        URI uri = URI.create(link);
        return url(uri.getRawPath());
    }

    private void button(String name) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    private void link(String name) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
