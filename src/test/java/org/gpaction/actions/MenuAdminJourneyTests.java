package org.gpaction.actions;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.Map;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@GpActionTest
class MenuAdminJourneyTests {

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
    void anAdminDraftsARevisionSeesWhatChangedAndPublishesItToSubscribedPractices() {
        Http api = new Http(port);
        ActionsTestData data = new ActionsTestData(jdbc, api);
        String ods = data.practice();
        String manager = data.practiceManager(ods);
        assertThat(api.postJson(
                                "/api/practices/" + ods + "/actions",
                                Map.of("actionNumber", 1, "from", "2024-08-05"),
                                data.token(manager))
                        .status())
                .isEqualTo(201);
        List<String> two = data.practices(2).stream().sorted().toList();
        String managerOfTwo = data.practiceManager(two.get(0), two.get(1));
        for (String each : two) {
            assertThat(api.postJson(
                                    "/api/practices/" + each + "/actions",
                                    Map.of("actionNumber", 2, "from", "2024-08-05"),
                                    data.token(managerOfTwo))
                            .status())
                    .isEqualTo(201);
        }
        int before = api.get("/api/actions/menu", data.adminToken())
                .json()
                .get("version")
                .asInt();

        Browser.signIn(page, url("/sign-in"), TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(url("/actions"));
        link("Manage the action menu");
        assertAccessible(page);
        button("Start a new draft");
        assertThat(page.locator("#changes")).hasCount(0);
        assertAccessible(page);

        link("Add an action");
        page.getByLabel("Short title").fill("");
        page.locator("#deferral2Subject").fill("Extended access pilots");
        button("Save to the draft");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter a short title");
        assertThat(page.locator(".govuk-error-summary")).containsText("Choose a category");
        // The second deferral is its own fields: its problem links to them and what was typed stays.
        assertThat(page.locator(".govuk-error-summary a[href='#deferral2ReviewOn']"))
                .hasText("Enter deferral 2's review date, like 2025-03-01");
        assertThat(page.locator("#deferral2ReviewOn-error")).containsText("Enter deferral 2's review date");
        assertThat(page.locator("#deferral1ReviewOn-error")).hasCount(0);
        assertThat(page.locator("#deferral2Subject")).hasValue("Extended access pilots");
        assertThat(page.locator("label[for='deferral2ReviewOn']")).hasText("Review date");
        assertThat(page.locator("#deferral2ReviewOn"))
                .hasAttribute("aria-describedby", "deferral2ReviewOn-hint deferral2ReviewOn-error");
        assertAccessible(page);
        page.locator("#deferral2ReviewOn").fill("2025-03-01");
        page.getByLabel("Short title").fill("Action short of strike");
        page.getByLabel("What a practice does").fill("Work to contract only, as the committee directs.");
        page.getByLabel("Why").fill("Escalation if negotiation fails.");
        page.getByLabel("What it means for patients").fill("We do only the work our contract asks of us.");
        page.getByLabel("Guidance link").fill("https://example.org/guidance/escalation");
        page.getByLabel("Contracts").check();
        page.getByLabel("Phase two: may breach the contract (for example action short of strike)")
                .check();
        button("Save to the draft");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Retire action 10"))
                .click();
        assertThat(page.locator("h1")).hasText("Retire action 10?");
        assertAccessible(page);
        button("Yes, retire action 10");
        assertThat(page.locator("#changes")).containsText("New: 11. Action short of strike (phase two");
        assertThat(page.locator("#changes")).containsText("Retired: 10. Hold off on pilots and new contracts");
        assertAccessible(page);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Publish the draft"))
                .click();
        assertThat(page.locator("#publish-changes")).containsText("Retired: 10. Hold off on pilots and new contracts");
        assertAccessible(page);
        button("Publish version " + (before + 1));
        assertThat(page.locator(".govuk-notification-banner"))
                .containsText("Version " + (before + 1) + " is published");
        page.navigate(url("/actions/menu"));
        assertThat(page.locator("#action-11 .govuk-warning-text")).containsText("may breach your contract");
        assertThat(page.locator("#action-11 .govuk-summary-list"))
                .containsText("We do only the work our contract asks of us.");
        assertThat(page.locator("#retired")).containsText("10. Hold off on pilots and new contracts");
        assertAccessible(page);
        page.navigate(url("/actions/menu/versions/" + before));
        assertThat(page.locator("#action-10")).containsText("Hold off on pilots");
        assertAccessible(page);

        String email = org.awaitility.Awaitility.await()
                .atMost(org.gpaction.support.TestMailbox.DEFAULT_WAIT)
                .until(
                        () -> org.gpaction.support.TestMailbox.messagesTo(manager).stream()
                                .map(org.gpaction.support.TestMailbox.Message::body)
                                .filter(body -> body.contains("New: action 11"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(email).contains("- New: action 11, Action short of strike (phase two: may breach your contract)");
        assertThat(email).contains("- Retired: action 10").contains(ods);
        assertThat(email)
                .contains("Nothing changes for your practice, ACTION TEST PRACTICE " + ods + " (" + ods
                        + "), unless you choose: record any change on the practice's page.");
        String toManagerOfTwo = org.gpaction.support.TestMailbox.awaitMessageTo(
                        managerOfTwo, "The action menu has changed: version " + (before + 1))
                .body();
        assertThat(toManagerOfTwo)
                .contains("Nothing changes for your practices, ACTION TEST PRACTICE " + two.get(0) + " ("
                        + two.get(0) + ") and ACTION TEST PRACTICE " + two.get(1) + " (" + two.get(1)
                        + "), unless you choose: record any change on each practice's page.");

        assertThat(api.get("/api/actions/menu", data.adminToken())
                        .json()
                        .get("actions")
                        .findValuesAsString("title"))
                .contains("Action short of strike")
                .doesNotContain("Hold off on pilots and new contracts");
        assertThat(api.get("/api/actions/menu", data.adminToken()).body()).contains("Extended access pilots");
        Http.Response refused = api.postJson(
                "/api/practices/" + ods + "/actions",
                Map.of("actionNumber", 10, "from", "2024-08-05"),
                data.adminToken());
        assertThat(refused.status()).isEqualTo(400);
    }

    void link(String name) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    void button(String name) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
