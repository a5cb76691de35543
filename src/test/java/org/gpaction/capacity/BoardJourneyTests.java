package org.gpaction.capacity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two receptionists at one practice's board, each seeing the other's requests within seconds without reloading; the
 * last request undone from the board; and a third with JavaScript switched off, who records and undoes by plain form
 * posts.
 * The application's clock is moved to {@link CapacityTestData#A_WORKING_MORNING}, so the journey has a working day
 * ahead of it whenever it runs.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class BoardJourneyTests {

    /** The board asks for its figures every 4 seconds; twice that and a little is long enough to see a change. */
    static final LocatorAssertions.HasTextOptions SOON = new LocatorAssertions.HasTextOptions().setTimeout(10_000);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void receptionistsSeeEachOthersRequestsAndUndoWithOrWithoutJavaScript() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(
                                CapacityTestData.clinician("GP 1", 3, CapacityTestData.EVERY_DAY),
                                CapacityTestData.clinician("GP 2", 3, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        String first = data.staff("RECEPTIONIST", List.of(ods), null);
        String second = data.staff("RECEPTIONIST", List.of(ods), null);
        String third = data.staff("RECEPTIONIST", List.of(ods), null);

        try (BrowserContext a = Browser.newContext();
                BrowserContext b = Browser.newContext();
                BrowserContext c = Browser.newContext(false)) {
            Page boardA = board(a, first, ods);
            Page boardB = board(b, second, ods);
            assertThat(boardB.locator("#booked")).hasText("0");

            boardA.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Routine (R)"))
                    .click();
            assertThat(boardA.locator("#last-outcome")).hasText("Routine request booked with GP 1");
            assertThat(boardB.locator("#booked")).hasText("1", SOON);
            assertAccessible(boardB);

            boardA.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Undo this"))
                    .click();
            assertThat(boardA.locator("#booked")).hasText("0");
            assertThat(boardA.locator(".govuk-inset-text[role=status]")).isVisible();
            assertAccessible(boardA);
            assertThat(boardB.locator("#booked")).hasText("0", SOON);
            assertThat(booked(ods)).as("the undone request no longer counts").isZero();

            Page boardC = board(c, third, ods);
            boardC.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Urgent (U)"))
                    .click();
            assertThat(boardC.locator("#last-outcome")).hasText("Urgent request booked with GP 1");
            // axe runs in the page, so it cannot run where JavaScript is off; the same page is checked above.
            assertThat(boardC.locator("#booked")).hasText("1");
            assertThat(boardA.locator("#booked")).hasText("1", SOON);
            boardC.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Undo this"))
                    .click();
            assertThat(boardC.locator("#booked")).hasText("0");
            assertThat(booked(ods)).isZero();
        }
    }

    @Test
    void aKeyPressedAfterChoosingNhs111RecordsAnNhs111Request() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(CapacityTestData.clinician("GP 1", 3, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);

        try (BrowserContext context = Browser.newContext()) {
            Page page = board(context, receptionist, ods);
            page.getByLabel("NHS 111 booking").check();
            assertThat(page.getByLabel("NHS 111 booking")).isFocused();

            page.keyboard().press("u");

            assertThat(page.locator("#last-outcome")).hasText("Urgent request booked with GP 1");
        }
        assertThat(jdbc.sql("select channel || ' ' || kind from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .containsExactly("NHS111 URGENT");
    }

    private long booked(String ods) {
        return jdbc.sql("""
                        select count(*) from capacity.contact_request
                        where ods_code = :ods and outcome = 'BOOKED' and undone_at is null
                        """).param("ods", ods).query(Long.class).single();
    }

    private Page board(BrowserContext context, String email, String ods) {
        Page page = Browser.signIn(context.newPage(), url("/sign-in"), email, CapacityTestData.PASSWORD);
        page.navigate(url("/safe-working/" + ods));
        assertThat(page.locator("#practice-status")).isVisible();
        return page;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
