package org.gpaction.actions;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.LinkedHashMap;
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
class GuidanceJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    ActionMenu menu;

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
    void eachActionOnTheMenuLinksToItsOwnGuidancePageWhichAnyoneCanRead() {
        Browser.signIn(page, url("/sign-in"), TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(url("/actions/menu"));
        List<MenuAction> actions = menu.current().actions();

        Map<String, MenuAction> linked = new LinkedHashMap<>();
        for (MenuAction action : actions) {
            String href = page.locator("#action-" + action.number())
                    .getByRole(
                            AriaRole.LINK,
                            new com.microsoft.playwright.Locator.GetByRoleOptions()
                                    .setName("Guidance on action " + action.number())
                                    .setExact(true))
                    .getAttribute("href");
            linked.put(href, action);
        }
        assertThat(linked).as("one distinct guidance link per action").hasSize(actions.size());
        assertThat(linked.keySet()).allMatch(href -> href.startsWith("/actions/guidance/"));

        BrowserContext stranger = Browser.newContext();
        try {
            Page anyone = stranger.newPage();
            for (Map.Entry<String, MenuAction> link : linked.entrySet()) {
                MenuAction action = link.getValue();
                anyone.navigate(url(link.getKey()));
                assertThat(anyone.locator("h1")).hasText(action.title());
                assertThat(anyone.locator("#what")).hasText(action.what());
                assertThat(anyone.locator("#for-patients")).hasText(action.forPatients());
                assertThat(anyone.locator("#ending + p"))
                        .containsText(action.mayDeEscalate() ? "can be de-escalated" : "a lasting change");
                assertAccessible(anyone);
            }
            anyone.navigate(url("/actions/guidance"));
            assertThat(anyone.locator("#guidance li")).hasCount(actions.size());
            assertAccessible(anyone);
        } finally {
            stranger.close();
        }
    }

    @Test
    void anActionThatWasNeverOnTheMenuHasNoGuidancePage() {
        Http anyone = new Http(port);
        assertThat(anyone.get("/actions/guidance/9999").status()).isEqualTo(404);
        assertThat(anyone.get("/actions/guidance/one").status()).isEqualTo(404);
        assertThat(anyone.get("/actions/guidance/1").status()).isEqualTo(200);
    }

    @Test
    void theSafeWorkingGuidanceSaysTheBoardHoldsEachClinicianToTheMenusFigureAndTheCapInThePracticesSetUp() {
        Integer limit =
                menu.current().action(ActionsInForce.SAFE_WORKING).orElseThrow().dailyContactLimit();
        assertThat(limit).isNotNull();

        String page = new Http(port)
                .get("/actions/guidance/" + ActionsInForce.SAFE_WORKING)
                .body();

        assertThat(page)
                .contains("The limit is " + limit + " patient contacts for each clinician each day.")
                .contains(("While your practice has action 1 in force, GP Action's reception board holds each clinician"
                                + " to it: to the daily cap set for them in your practice's safe working set-up,"
                                + " which starts at this figure and cannot be set higher")
                        .replace("'", "&#39;"))
                .doesNotContain("does not take this figure from the menu")
                .doesNotContain("reception board counts them");
    }

    /**
     * A retired action's page told readers how to start it, that any practice may take it at any time, and that a
     * practice taking it should stop it, though nobody can choose it and practices already taking it keep it until
     * they stop it. The version retiring it is published for the page to read (in another transaction), so only with
     * no draft open, which publishing would discard, and every version after the one in force is removed after.
     */
    @Test
    void aRetiredActionsGuidanceSaysItCannotBeChosenAndThatPracticesTakingItKeepItUntilTheyStopIt() {
        MenuVersion current = menu.current();
        MenuAction retired = current.actions().get(current.actions().size() - 1);
        assertThat(menu.draft())
                .as("no draft open, which publishing the version that retires the action would discard")
                .isEmpty();
        try {
            TestMenus.retire(jdbc, current.version(), retired.number());
            Http.Response page = new Http(port).get("/actions/guidance/" + retired.number());

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains("This action is no longer on the menu")
                    .contains("no practice can choose it now")
                    .contains("A practice already taking it keeps it until it stops it")
                    .doesNotContain("should stop it")
                    .doesNotContain("Starting it")
                    .doesNotContain("Any practice may take it at any time");
            assertThat(new Http(port)
                            .get("/actions/guidance/" + current.actions().get(0).number())
                            .body())
                    .as("an action on the menu is still said to be open to any practice")
                    .contains("Any practice may take it at any time");
        } finally {
            jdbc.sql("delete from actions.menu_version where version > :version")
                    .param("version", current.version())
                    .update();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
