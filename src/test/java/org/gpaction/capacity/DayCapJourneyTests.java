package org.gpaction.capacity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A clinician goes off sick after reception has booked them twice: the practice manager sets their cap for today to 0
 * from the board, both keep their contacts, reception sees them off without reloading, and the next requests go to
 * the other clinician and then onto the waiting list. A day to come is changed from the set-up page without
 * JavaScript. Every page is checked for accessibility.
 * The application's clock is moved to {@link CapacityTestData#A_WORKING_MORNING}, so the journey has a working day
 * ahead of it whenever it runs.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class DayCapJourneyTests {

    static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    BrowserContext manager;
    BrowserContext reception;
    BrowserContext managerWithoutScript;

    @BeforeEach
    void openBrowsersOnAWorkingMorning() {
        manager = Browser.newContext();
        reception = Browser.newContext();
        managerWithoutScript = Browser.newContext(false);
    }

    @AfterEach
    void closeBrowsers() {
        manager.close();
        reception.close();
        managerWithoutScript.close();
    }

    @Test
    void theManagerMarksAClinicianOffSickFromTheBoardAndNewRequestsGoToTheOthers() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        SafeWorkingPractice practice = data.practiceTakingActionOne(CapacityTestData.settings(
                List.of(
                        CapacityTestData.clinician("GP 1", 5, CapacityTestData.EVERY_DAY),
                        CapacityTestData.clinician("GP 2", 1, CapacityTestData.EVERY_DAY)),
                CapacityTestData.allDay(),
                "CLOSE",
                0));
        String ods = practice.ods();
        String managerEmail = practice.managerEmail();
        String managerToken = practice.managerToken();
        String receptionistEmail = data.staff("RECEPTIONIST", List.of(ods), null);
        long gp1 = practice.clinicianId(0);
        long gp2 = practice.clinicianId(1);

        Page board = signIn(reception, receptionistEmail);
        board.navigate(url("/safe-working/" + ods));
        for (int i = 1; i <= 2; i++) {
            board.locator("#clinician").selectOption("GP 1");
            board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Routine (R)"))
                    .click();
            assertThat(board.locator(".govuk-notification-banner")).containsText("Contact " + i + " of 5 today.");
        }
        assertThat(board.getByText("Change today's cap")).hasCount(0);
        assertAccessible(board);

        Page pm = signIn(manager, managerEmail);
        pm.navigate(url("/safe-working/" + ods));
        assertAccessible(pm);
        pm.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change today's cap for GP 1"))
                .click();
        assertThat(pm.locator("h1")).hasText("Change a cap for one day");
        assertThat(pm.getByLabel("Clinician", EXACT)).hasValue(String.valueOf(gp1));
        assertAccessible(pm);
        pm.getByLabel("Cap for that day").fill("-1");
        pm.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the cap"))
                .click();
        assertThat(pm.locator(".govuk-error-summary")).containsText("Enter the cap as a whole number");
        assertThat(pm.getByLabel("Cap for that day")).hasAttribute("aria-describedby", "cap-hint cap-error");
        assertAccessible(pm);
        assertThat(clinician(api, ods, managerToken, gp1).get("cap").asInt())
                .as("a refused cap changes nothing")
                .isEqualTo(5);
        pm.locator(".govuk-error-summary a").click();
        assertThat(pm.getByLabel("Cap for that day")).isFocused();
        pm.getByLabel("Cap for that day").fill("0");
        pm.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the cap"))
                .click();
        assertThat(pm.locator("#cap-changed")).hasText("GP 1 is off for the rest of today");
        assertThat(pm.locator(".govuk-notification-banner"))
                .containsText("The 2 contacts already booked with GP 1 stay");
        assertThat(pm.locator("#cap-" + gp1)).hasText("Off");
        assertThat(pm.locator("#status-" + gp1)).hasText("Off today, booked contacts stay");
        assertAccessible(pm);

        // The board refreshes itself every few seconds: reception sees the change without reloading.
        assertThat(board.locator("#status-" + gp1))
                .hasText("Off today, booked contacts stay", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        board.locator("#clinician").selectOption("GP 1");
        board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Routine (R)"))
                .click();
        assertThat(board.locator("#last-outcome")).hasText("Routine request booked with GP 2");
        board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Routine (R)"))
                .click();
        assertThat(board.locator("#last-outcome")).hasText("Routine request put on the waiting list");
        assertThat(board.locator("#practice-status")).hasText("Full");
        assertAccessible(board);
        JsonNode online = api.postJson(
                        "/api/practices/" + ods + "/contacts",
                        Map.of("channel", "ONLINE", "kind", "ROUTINE"),
                        managerToken)
                .json();
        assertThat(online.get("outcome").asString()).isEqualTo("DIVERTED");
        assertThat(clinician(api, ods, managerToken, gp1).get("used").asInt())
                .as("GP 1's patients keep their contacts")
                .isEqualTo(2);
        assertThat(clinician(api, ods, managerToken, gp2).get("used").asInt()).isEqualTo(1);

        pm.navigate(url("/safe-working/" + ods + "/setup"));
        assertThat(pm.locator("body")).containsText("GP 1 off (cap 0), 2 already booked stay, so cap 2");
        assertAccessible(pm);

        Page plain = signIn(managerWithoutScript, managerEmail);
        plain.navigate(url("/safe-working/" + ods + "/setup"));
        plain.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change a clinician's cap for one day"))
                .click();
        String tomorrow = PracticeCalendar.dayOf(clock.instant()).plusDays(1).toString();
        plain.getByLabel("Clinician", EXACT).selectOption("GP 2");
        plain.getByLabel("Day", EXACT).fill(tomorrow);
        plain.getByLabel("Cap for that day").fill("0");
        plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the cap"))
                .click();
        plain.waitForURL(Pattern.compile(".*/setup$"));
        plain.waitForLoadState(LoadState.LOAD);
        assertThat(plain.locator("#cap-changed")).containsText("GP 2 is off on ");
        assertThat(plain.locator("body")).containsText("only: GP 2 off (cap 0)");
        assertThat(clinician(api, ods, managerToken, gp2).get("used").asInt())
                .as("tomorrow's change leaves today alone")
                .isEqualTo(1);
    }

    /** The clinician's day as the API reads it. */
    static JsonNode clinician(Http api, String ods, String token, long id) {
        for (JsonNode c :
                api.get("/api/practices/" + ods + "/capacity", token).json().get("clinicians")) {
            if (c.get("id").asLong() == id) {
                return c;
            }
        }
        throw new AssertionError("No clinician " + id + " at " + ods + " today");
    }

    Page signIn(BrowserContext context, String email) {
        return Browser.signIn(context.newPage(), url("/sign-in"), email, CapacityTestData.PASSWORD);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
