package org.gpaction.events;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.time.LocalDate;
import java.util.List;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A host publishes a roadshow through the form, sees who registered, marks who came, downloads the list, cancels one
 * registration, moves the event and finally cancels it; registrants are emailed at each change; each page passes the accessibility check.
 */
@GpActionTest
class HostingJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    EventsTestData data;
    BrowserContext context;
    Page page;

    @BeforeEach
    void openBrowser() {
        data = new EventsTestData(jdbc, port, attempts);
        context = Browser.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void anLmcOfficerPublishesAnEventSeesRegistrationsMarksAttendanceMovesItAndCancelsIt() {
        String officer = data.staff("LMC_OFFICER", List.of(), data.lmc);
        page.navigate(url("/sign-in"));
        page.getByLabel("Email address").fill(officer);
        page.getByLabel("Password").fill(EventsTestData.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Events").setExact(true))
                .click();
        assertThat(page).hasTitle("Events you host – GP Action");
        assertAccessible(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish an event"))
                .click();
        assertThat(page.locator("#lmc")).hasText("Hosted by " + data.lmc + ".");
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish the event"))
                .click();
        assertThat(page).hasTitle("Error: Publish an event – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter the event's title");
        assertAccessible(page);

        String title = EventsTestData.title("Roadshow: the ballot and the actions");
        LocalDate day = LocalDate.now(UkTime.ZONE).plusDays(20);
        page.getByLabel("Title").fill(title);
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Roadshow"))
                .check();
        page.getByLabel("Region").selectOption("NORTH_WEST");
        page.getByLabel("Venue (roadshows)").fill("Main Hall, Town Hall");
        page.getByLabel("Venue address (roadshows)").fill("Albert Square\nManchester M60 2LA");
        page.getByLabel("Day").fill(day.toString());
        page.getByLabel("Starts at").fill("19:00");
        page.getByLabel("Ends at").fill("21:00");
        page.getByLabel("Places", new Page.GetByLabelOptions().setExact(true)).fill("2");
        page.getByLabel("What it covers").fill("The ballot, which actions to take from 1 August, and materials.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish the event"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("The event is published");
        assertThat(page.locator("h1")).hasText(title);
        assertThat(page.locator("#when")).containsText("7:00pm to 9:00pm (UK time)");
        assertAccessible(page);
        long event = Long.parseLong(page.url().replaceAll(".*/hosting/events/(\\d+).*", "$1"));

        String coming = TestMailbox.uniqueAddress("coming");
        String absent = TestMailbox.uniqueAddress("absent");
        data.confirm(data.registerAndGetConfirmToken(event, coming), coming, "Place confirmed");
        assertThat(data.register(event, "=HYPERLINK(\"http://evil.example\",\"x\")", absent)
                        .status())
                .isEqualTo(202);
        data.confirm(EventsTestData.confirmToken(data.awaitSubject(absent, "Confirm your place")), absent, "Place");

        page.reload();
        assertThat(page.locator("#counts")).containsText("2 of 2 confirmed, 0 waiting");
        assertThat(page.locator("#registrants tbody tr")).hasCount(2);
        assertAccessible(page);
        page.getByRole(
                        AriaRole.CHECKBOX,
                        new Page.GetByRoleOptions().setName("Registrant " + coming.substring(0, 12) + " came"))
                .check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save attendance"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("Attendance is saved");
        assertThat(page.locator("#counts")).containsText("1 attended");

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response csv = admin.get("/hosting/events/" + event + "/registrations.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        assertThat(csv.body())
                .contains("'=HYPERLINK")
                .contains(coming + ",Practice manager,,Place confirmed")
                .contains(",yes\r\n")
                .contains(",no\r\n");
        assertThat(admin.get("/hosting/events").body()).contains(title);

        page.locator("#registrants tbody tr", new Page.LocatorOptions().setHasText(absent))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Cancel this registration"))
                .click();
        assertThat(page.locator("h1")).hasText("Cancel this registration");
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel this registration"))
                .click();
        assertThat(page.locator(".govuk-notification-banner")).containsText("The registration is cancelled");
        assertThat(page.locator("#counts")).containsText("1 of 2 confirmed, 0 waiting");
        assertAccessible(page);
        data.awaitSubject(absent, "Your registration was cancelled by the hosts: " + title);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change or move the event"))
                .click();
        assertAccessible(page);
        page.getByLabel("Starts at").fill("18:30");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the changes"))
                .click();
        assertThat(page.locator("#when")).containsText("6:30pm to 9:00pm (UK time)");
        TestMailbox.Message moved = data.awaitSubject(coming, "Changed: " + title);
        assertThat(moved.body()).contains("6:30pm").contains("/events/cancel/");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cancel the event"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Cancel the event")))
                .isVisible();
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel the event"))
                .click();
        assertThat(page.locator("#cancelled")).isVisible();
        assertAccessible(page);
        data.awaitSubject(coming, "Cancelled: " + title);
        assertThat(new Http(port).get("/api/events").body()).doesNotContain(title);
        assertThat(new Http(port).get("/events/" + event + "/event.ics").body()).contains("STATUS:CANCELLED");
    }

    @Test
    void aHostWithMoreEventsThanAPageOfTheirListReachesTheLastOnTheNextPage_andBack() {
        // A page of the list (500 events) and one more, stored at once: publishing each would take minutes.
        int stored = jdbc.sql("""
                        insert into events.event (title, kind, lmc, venue, address, starts_at, ends_at, capacity,
                            description, remind_at, created_by, created_at, updated_at)
                        select 'Stored roadshow ' || i, 'ROADSHOW', :lmc, 'Hall', '1 High Street',
                               cast(:first as timestamptz) + i * interval '1 hour',
                               cast(:first as timestamptz) + i * interval '1 hour' + interval '30 minutes', 10,
                               'Stored for paging.', cast(:first as timestamptz) - interval '1 day', 'test', now(),
                               now()
                        from generate_series(1, 501) as i
                        """)
                .param("lmc", data.lmc)
                .param("first", java.sql.Timestamp.from(java.time.Instant.now().plus(java.time.Duration.ofDays(1))))
                .update();
        assertThat(stored).isEqualTo(501);
        try {
            String officer = data.staff("LMC_OFFICER", List.of(), data.lmc);
            page.navigate(url("/sign-in"));
            page.getByLabel("Email address").fill(officer);
            page.getByLabel("Password").fill(EventsTestData.PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();
            page.navigate(url("/hosting/events"));
            assertThat(page.locator("#hosted tbody tr")).hasCount(500);
            assertThat(page.locator("#shown")).hasText("Events 1 to 500 of 501, the latest first");
            assertAccessible(page);

            page.locator("a[rel=next]").click();
            assertThat(page.locator("#hosted tbody tr")).hasCount(1);
            assertThat(page.locator("#hosted tbody tr")).containsText("Stored roadshow 1");
            assertThat(page.locator("#shown")).hasText("Events 501 to 501 of 501, the latest first");
            assertThat(page.locator("a[rel=next]")).hasCount(0);
            assertAccessible(page);
            page.locator("a[rel=prev]").click();
            assertThat(page.locator("#hosted tbody tr")).hasCount(500);

            Response past = page.navigate(url("/hosting/events?page=3"));
            assertThat(past.status()).isEqualTo(400);
            assertThat(page.locator("main"))
                    .containsText("must be a whole number from 1 to 2, as the list has 2 pages");
            assertAccessible(page);
        } finally {
            jdbc.sql("delete from events.event where lmc = :lmc")
                    .param("lmc", data.lmc)
                    .update();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
