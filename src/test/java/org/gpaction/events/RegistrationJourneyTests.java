package org.gpaction.events;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A member of a practice team finds an event, registers, confirms from their mailbox and later cancels; a full event
 * puts the next person on its waiting list; each page passes the accessibility check.
 */
@GpActionTest
class RegistrationJourneyTests {

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
        data.forgetRegistrationsFromHere();
        context = Browser.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
        data.forgetUnknownLinksFromHere();
    }

    @Test
    void aPracticeManagerRegistersThroughTheMailboxConfirmsAndLaterCancels() {
        String title = EventsTestData.title("Roadshow in the Civic Hall");
        long event = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(10)), 30));
        String email = TestMailbox.uniqueAddress("manager");

        page.navigate(url("/"));
        assertAccessible(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("roadshow or webinar"))
                .click();
        assertThat(page).hasTitle("Roadshows and webinars – GP Action");
        page.getByLabel("Host LMC").selectOption(data.lmc);
        page.getByLabel("Kind").selectOption("ROADSHOW");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show events"))
                .click();
        assertThat(page.locator("#events tbody tr")).hasCount(1);
        assertAccessible(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(title))
                .click();
        assertThat(page.locator("h1")).hasText(title);
        assertThat(page.locator("#places")).hasText("30 of 30 left");
        assertAccessible(page);

        // The form sent after its session ended (its cookie is gone) is refused with a page saying it expired.
        page.getByLabel("Your name").fill("Priya Shah");
        context.clearCookies();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("This form has expired")))
                .isVisible();
        assertThat(page.locator("main")).not().containsText("Your account");
        assertAccessible(page);
        page.navigate(url("/events/" + event));

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register"))
                .click();
        assertThat(page).hasTitle("Error: " + title + " – GP Action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter your name");
        assertAccessible(page);

        page.getByLabel("Your name").fill("Priya Shah");
        page.getByLabel("Email address").fill(email);
        page.getByLabel("Your role in the practice team").selectOption("PRACTICE_MANAGER");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Check your email")))
                .isVisible();
        assertAccessible(page);

        TestMailbox.Message confirmation = data.awaitSubject(email, "Confirm your place: " + title);
        String confirmPath = URI.create(EventsTestData.link(confirmation, "/events/confirm/"))
                .getPath();
        // Opened twice, as a mail scanner and then the person would: looking never uses the link up.
        page.navigate(url(confirmPath));
        page.navigate(url(confirmPath));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Confirm your place")))
                .isVisible();
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my place"))
                .click();
        assertThat(page.locator(".govuk-panel")).containsText("Your place is confirmed");
        assertThat(page.locator("#what-next")).containsText("We will send a reminder the day before");
        assertThat(page.locator("#join-offer")).containsText("Join with a free three-month trial");
        assertAccessible(page);

        Response used = page.navigate(url(confirmPath));
        assertThat(used.status()).isEqualTo(404);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("This link cannot be used")))
                .isVisible();
        assertAccessible(page);

        TestMailbox.Message placed = data.awaitSubject(email, "Place confirmed: " + title);
        assertThat(placed.body()).contains("/join").contains("/events/" + event + "/event.ics");
        page.navigate(
                url(URI.create(EventsTestData.link(placed, "/events/cancel/")).getPath()));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Cancel your place")))
                .isVisible();
        assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel my place"))
                .click();
        assertThat(page.getByRole(
                        AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your registration is cancelled")))
                .isVisible();
        assertAccessible(page);
        assertThat(data.status(event, email)).isEqualTo("CANCELLED");
    }

    @Test
    void aListLongerThanAPageLeadsToTheNextPageAndBack_andAPagePastTheLastSaysWhichPagesThereAre() {
        // A page of the list (200 events) and one more, stored at once: publishing each would take minutes.
        int stored = jdbc.sql("""
                        insert into events.event (title, kind, lmc, venue, address, starts_at, ends_at, capacity,
                            description, remind_at, created_by, created_at, updated_at)
                        select 'Stored roadshow ' || i, 'ROADSHOW', :lmc, 'Hall', '1 High Street',
                               cast(:first as timestamptz) + i * interval '1 hour',
                               cast(:first as timestamptz) + i * interval '1 hour' + interval '30 minutes', 10,
                               'Stored for paging.', cast(:first as timestamptz) - interval '1 day', 'test', now(),
                               now()
                        from generate_series(1, 201) as i
                        """)
                .param("lmc", data.lmc)
                .param("first", java.sql.Timestamp.from(Instant.now().plus(Duration.ofDays(1))))
                .update();
        assertThat(stored).isEqualTo(201);
        try {
            page.navigate(url("/events"));
            page.getByLabel("Host LMC").selectOption(data.lmc);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show events"))
                    .click();
            assertThat(page.locator("#events tbody tr")).hasCount(200);
            assertThat(page.locator("#shown")).hasText("Events 1 to 200 of 201, the soonest first");
            assertAccessible(page);

            page.locator("a[rel=next]").click();
            assertThat(page.locator("#events tbody tr")).hasCount(1);
            assertThat(page.locator("#events tbody tr")).containsText("Stored roadshow 201");
            assertThat(page.locator("#shown")).hasText("Events 201 to 201 of 201, the soonest first");
            assertThat(page.locator("a[rel=next]")).hasCount(0);
            assertAccessible(page);
            page.locator("a[rel=prev]").click();
            assertThat(page.locator("#events tbody tr")).hasCount(200);

            Response past = page.navigate(page.url().replace("page=1", "page=3"));
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

    @Test
    void aFullEventPutsTheNextPersonOnItsWaitingListWithOrWithoutJavaScript() {
        String title = EventsTestData.title("Webinar for the whole team");
        long event = data.publish(
                data.webinar(title, Instant.now().plus(Duration.ofDays(5)), 1, "https://meet.example.org/j/full"));
        String first = TestMailbox.uniqueAddress("first");
        data.confirm(data.registerAndGetConfirmToken(event, first), first, "Place confirmed");

        String second = TestMailbox.uniqueAddress("second");
        try (BrowserContext noScript = Browser.newContext(false)) {
            Page plain = noScript.newPage();
            plain.navigate(url("/events/" + event));
            assertThat(plain.locator("#places")).hasText("Full: you can join the waiting list");
            plain.getByLabel("Your name").fill("Tom Okafor");
            plain.getByLabel("Email address").fill(second);
            plain.getByLabel("Your role in the practice team").selectOption("RECEPTION");
            plain.getByLabel("Your practice's ODS code (optional)").fill("");
            plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register"))
                    .click();
            assertThat(plain.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Check your email")))
                    .isVisible();
            TestMailbox.Message confirmation = data.awaitSubject(second, "Confirm your place: " + title);
            plain.navigate(url(URI.create(EventsTestData.link(confirmation, "/events/confirm/"))
                    .getPath()));
            plain.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my place"))
                    .click();
            assertThat(plain.getByRole(
                            AriaRole.HEADING, new Page.GetByRoleOptions().setName("You are on the waiting list")))
                    .isVisible();
        }
        assertThat(data.status(event, second)).isEqualTo("WAITING");

        String third = TestMailbox.uniqueAddress("third");
        String token = data.registerAndGetConfirmToken(event, third);
        page.navigate(url("/events/confirm/" + token));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my place"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("You are on the waiting list")))
                .isVisible();
        assertThat(page.locator("#what-next")).containsText("If you are given a place, we will email you");
        assertThat(page.locator("#what-next")).not().containsText("We will send a reminder");
        assertAccessible(page);
        assertThat(page.content()).doesNotContain("meet.example.org");
    }

    @Test
    void linksToACancelledEventAndUnknownEventsAndLinkGuessingGetPagesOfTheirOwn() {
        String title = EventsTestData.title("Cancelled roadshow");
        long event = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(4)), 10));
        String email = TestMailbox.uniqueAddress("late");
        String token = data.registerAndGetConfirmToken(event, email);
        jdbc.sql("update events.event set status = 'CANCELLED' where id = :id")
                .param("id", event)
                .update();
        Response closed = page.navigate(url("/events/confirm/" + token));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Registration is closed")))
                .isVisible();
        assertAccessible(page);
        page.navigate(url("/events/" + event));
        assertThat(page.locator("#closed")).isVisible();
        assertAccessible(page);

        Response missing = page.navigate(url("/events/987654321"));
        assertThat(missing.status()).isEqualTo(404);
        assertAccessible(page);

        data.forgetUnknownLinksFromHere();
        Response lastAnswer = null;
        for (int i = 0; i <= 30; i++) {
            lastAnswer = page.navigate(url("/events/cancel/guess" + i + "x".repeat(40)));
        }
        assertThat(lastAnswer.status()).isEqualTo(429);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Too many requests")))
                .isVisible();
        assertAccessible(page);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
