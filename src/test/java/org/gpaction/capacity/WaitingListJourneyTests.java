package org.gpaction.capacity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A receptionist puts a patient on the waiting list when the practice is full, is told there is no room to book them
 * from it, and books them once a contact is free: the list shows them booked, the board counts them apart, and they
 * cannot be booked twice.
 * The application's clock is moved to {@link CapacityTestData#A_WORKING_MORNING}, so the journey has a working day
 * ahead of it whenever it runs.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class WaitingListJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Test
    void aReceptionistBooksAPatientFromTheWaitingListOnceThereIsRoom() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        SafeWorkingPractice practice = data.practiceTakingActionOne(CapacityTestData.settings(
                List.of(CapacityTestData.clinician("GP 1", 1, CapacityTestData.EVERY_DAY)),
                CapacityTestData.allDay(),
                "CLOSE",
                0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp = practice.clinicianId(0);
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);

        try (BrowserContext context = Browser.newContext()) {
            Page board = Browser.signIn(context.newPage(), url("/sign-in"), receptionist, CapacityTestData.PASSWORD);
            board.navigate(url("/safe-working/" + ods));
            Locator routine = board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Routine (R)"));
            routine.click();
            assertThat(board.locator("#last-outcome")).hasText("Routine request booked with GP 1");
            routine.click();
            assertThat(board.locator("#last-outcome")).hasText("Routine request put on the waiting list");

            board.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("The next waiting list (printable)"))
                    .click();
            assertThat(board.locator("#waiting tbody tr")).hasCount(1);
            assertAccessible(board);
            Locator book = board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Book today number 1"));
            book.click();
            assertThat(board.locator("#refused")).containsText("No clinician has room");
            assertAccessible(board);

            Http.Response raised = api.putJson(
                    "/api/practices/" + ods + "/capacity/days/" + PracticeCalendar.dayOf(clock.instant()),
                    Map.of("clinicians", List.of(Map.of("id", gp, "cap", 2))),
                    manager);
            assertThat(raised.status()).as(raised.body()).isEqualTo(200);
            board.reload();
            board.getByLabel("Clinician for number 1").selectOption(String.valueOf(gp));
            book.click();
            assertThat(board.locator("#booked-outcome")).containsText("booked with GP 1");
            assertThat(board.locator(".govuk-notification-banner")).containsText("Contact 2 of 2 today.");
            assertThat(board.locator("#waiting tbody tr").first()).containsText("Yes, with GP 1 on ");
            assertThat(book).hasCount(0);
            assertAccessible(board);

            board.navigate(url("/safe-working/" + ods));
            assertThat(board.locator("#booked")).hasText("1");
            assertThat(board.locator("#waitlisted")).hasText("1");
            assertThat(board.locator("#served")).hasText("1");
            assertAccessible(board);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
