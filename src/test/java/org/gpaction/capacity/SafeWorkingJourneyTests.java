package org.gpaction.capacity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.UkTime;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A practice manager sets up safe working on its page, a patient uses the online front door, reception records
 * requests until the practice is full, the front door then signposts with the time it reopens, and the manager reads
 * the day's evidence and downloads it. Every page is checked for accessibility.
 * The application's clock is moved to {@link CapacityTestData#A_WORKING_MORNING}, so the journey has a working day
 * ahead of it whenever it runs.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class SafeWorkingJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    BrowserContext manager;
    BrowserContext reception;
    BrowserContext patient;

    @BeforeEach
    void openBrowsersOnAWorkingMorning() {
        manager = Browser.newContext();
        reception = Browser.newContext();
        patient = Browser.newContext();
    }

    @AfterEach
    void closeBrowsers() {
        manager.close();
        reception.close();
        patient.close();
    }

    @Test
    void receptionBooksUntilFullThenTheFrontDoorSignpostsAndTheManagerSeesTheEvidence() throws IOException {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = data.practice(6_100);
        String managerEmail = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        String receptionistEmail = data.staff("RECEPTIONIST", List.of(ods), null);
        data.takeActionOne(ods, data.token(managerEmail));

        Page pm = signIn(manager, managerEmail);
        pm.navigate(url("/safe-working"));
        assertAccessible(pm);
        pm.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("SAFE WORKING TEST PRACTICE " + ods + " (" + ods + ")"))
                .click();
        assertThat(pm.locator("h1")).hasText("Safe working is not set up yet");
        assertAccessible(pm);
        pm.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Set up safe working"))
                .click();
        assertAccessible(pm);
        pm.locator("#c0-label").fill("GP 1");
        pm.locator("#c0-cap").fill("40");
        for (String day : CapacityTestData.EVERY_DAY) {
            pm.locator("#hours-" + day + "-opens").fill("00:00");
            pm.locator("#hours-" + day + "-closes").fill("23:59");
        }
        pm.locator("#c0-days-SATURDAY").check();
        pm.locator("#c0-days-SUNDAY").check();
        pm.locator("#whenFull-close").check();
        pm.locator("#onlineConsultationUrl").fill("https://consult.example.org/" + ods);
        // An out-of-hours service open overnight on Monday, then on Tuesday from 08:00 until midnight.
        pm.locator("#s1-name").fill("GP Out of Hours");
        pm.locator("#s1-kind").selectOption("URGENT_TREATMENT_CENTRE");
        pm.locator("#s1-phone").fill("01234 111111");
        pm.locator("#s1-open-times").check();
        pm.locator("#s1-hours-MONDAY-opens").fill("18:30");
        pm.locator("#s1-hours-MONDAY-closes").fill("08:00");
        pm.locator("#s1-hours-TUESDAY-opens").fill("24:00");
        pm.locator("#s1-hours-TUESDAY-closes").fill("18:30");
        pm.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the set-up"))
                .click();
        assertThat(pm.locator(".govuk-error-summary")).containsText("daily cap must be a whole number from 0 to 25");
        assertThat(pm.locator(".govuk-error-summary"))
                .containsText("24:00 is only a closing time, the end of the day: give the time GP Out of Hours opens on"
                        + " Tuesday from 00:00 to 23:59");
        assertAccessible(pm);
        pm.locator("#c0-cap").fill("2");
        pm.locator("#s1-hours-TUESDAY-opens").fill("08:00");
        pm.locator("#s1-hours-TUESDAY-closes").fill("24:00");
        pm.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the set-up"))
                .click();
        assertThat(pm.locator(".govuk-notification-banner")).containsText("The set-up is saved");
        assertThat(pm.locator("#s1-name")).hasValue("GP Out of Hours");
        assertThat(pm.locator("#s1-hours-MONDAY-opens")).hasValue("18:30");
        assertThat(pm.locator("#s1-hours-MONDAY-closes")).hasValue("08:00");
        assertThat(pm.locator("#s1-hours-TUESDAY-opens")).hasValue("08:00");
        assertThat(pm.locator("#s1-hours-TUESDAY-closes")).hasValue("24:00");
        assertThat(pm.locator("#s1-hours-WEDNESDAY-opens")).hasValue("");
        assertAccessible(pm);

        Page door = patient.newPage();
        door.navigate(url("/p/" + ods));
        assertThat(door.locator("h1")).hasText("Contact your GP practice online");
        assertAccessible(door);
        door.getByLabel("A medical problem that can wait a few days").check();
        door.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(door.getByRole(
                        AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue to the practice's online form")))
                .hasAttribute("href", "https://consult.example.org/" + ods);
        assertAccessible(door);

        Page board = signIn(reception, receptionistEmail);
        board.navigate(url("/safe-working/" + ods));
        assertThat(board.locator("#practice-status")).hasText("Last few");
        assertAccessible(board);
        board.keyboard().press("r");
        assertThat(board.locator("#last-outcome")).hasText("Routine request booked with GP 1");
        assertThat(board.locator(".govuk-notification-banner")).containsText("Contact 2 of 2 today.");
        assertThat(board.locator("#practice-status")).hasText("Full");
        board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Routine (R)"))
                .click();
        assertThat(board.locator("#last-outcome")).hasText("Routine request put on the waiting list");
        board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Signpost elsewhere (D)"))
                .click();
        assertThat(board.locator("#last-outcome")).hasText("Routine request signposted elsewhere");
        assertThat(board.locator("#booked")).hasText("2");
        assertThat(board.locator("#waitlisted")).hasText("1");
        assertThat(board.locator("#diverted")).hasText("1");
        assertAccessible(board);
        board.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("The next waiting list (printable)"))
                .click();
        assertThat(board.locator("table")).containsText("Routine");
        assertAccessible(board);

        String reopensAt = api.get("/api/practices/" + ods + "/front-door")
                .json()
                .get("reopensAt")
                .asString();
        door.navigate(url("/p/" + ods));
        assertThat(door.locator("h1")).hasText("The practice is full today");
        assertThat(door.locator("body")).containsText("opens again " + UkTime.onOrAt(Instant.parse(reopensAt)));
        assertThat(door.locator(".gpa-signposts")).containsText("NHS 111");
        assertThat(door.locator(".gpa-signposts")).containsText("Monday: 18:30 to 08:00 the next day");
        assertThat(door.locator(".gpa-signposts")).containsText("Tuesday: 08:00 to midnight");
        assertAccessible(door);

        pm.navigate(url("/safe-working/" + ods + "/evidence?period=day"));
        assertThat(pm.locator("#total-requests")).hasText("4");
        assertThat(pm.locator("#total-booked")).hasText("2");
        assertThat(pm.locator("#total-waitlisted")).hasText("1");
        assertThat(pm.locator("#total-diverted")).hasText("1");
        assertAccessible(pm);
        Download download = pm.waitForDownload(() -> pm.locator("#evidence-csv").click());
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv).contains("day,practices,requests").contains(",1,4,3,1,0,0,4,0,2,1,1,");
        pm.navigate(url("/safe-working/" + ods + "/evidence/pack"));
        assertThat(pm.locator("h1")).containsText("Safe working evidence pack");
        assertAccessible(pm);
        pm.navigate(url("/safe-working/replay?clinicians=1&cap=25"));
        assertThat(pm.locator("#replay-requests")).hasText("8716");
        assertAccessible(pm);
        // With room to spare only the requests outside core hours are signposted, and none of them is unmet demand.
        pm.navigate(url("/safe-working/replay?clinicians=50&cap=25"));
        assertThat(pm.locator("#replay-unmet")).hasText("0 (0.0% of the requests made in core hours)");
        pm.navigate(url("/safe-working/" + ods + "/alert-state"));
        pm.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm the alert state"))
                .click();
        assertThat(pm.locator("#confirmed-state")).isVisible();
        assertAccessible(pm);
        pm.navigate(url("/safe-working/sitrep"));
        assertAccessible(pm);
        pm.navigate(url("/safe-working/bank-holidays"));
        assertThat(pm.locator("#holidays")).containsText("Christmas Day");
        assertAccessible(pm);
        pm.navigate(url("/safe-working/evidence"));
        assertAccessible(pm);
    }

    Page signIn(BrowserContext context, String email) {
        return Browser.signIn(context.newPage(), url("/sign-in"), email, CapacityTestData.PASSWORD);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
