package org.gpaction.ballots;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.gpaction.common.UkTime;
import org.gpaction.support.Browser;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A draft typed in with the date boxes, changed, counted against today's members, scheduled, unscheduled and
 * deleted, in a real browser, every page checked for accessibility and for fitting 320 px.
 */
class DraftJourneyTests extends OwnBallotDatabase {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    Page page;

    @Test
    void aDraftIsTypedInChangedCountedScheduledUnscheduledAndDeleted() {
        String practice = TestPractices.add(jdbc);
        BallotFixtures.addMembers(jdbc, "DJP", 3_100_000, 3, "CONTRACTOR_PARTNER", practice, "drafts.test");
        BallotFixtures.addMembers(jdbc, "DJS", 3_200_000, 2, "SALARIED", practice, "drafts.test");

        try (BrowserContext staff = Browser.newContext()) {
            page = staff.newPage();
            Browser.signIn(page, url("/sign-in"), TestAdmin.EMAIL, TestAdmin.PASSWORD);
            page.navigate(url("/ballots"));
            assertAccessible(page);
            button("Create a ballot");
            assertAccessible(page);

            ZonedDateTime tomorrow =
                    clock.instant().atZone(UkTime.ZONE).plusDays(1).withHour(9).truncatedTo(ChronoUnit.HOURS);
            page.getByLabel("Title").fill("Drafted ballot");
            page.getByLabel("Question").fill("Are you prepared to take collective action?");
            page.getByLabel("GP partners in England (GMS and PMS)").check();
            BallotForms.fillTime(page, "opensAt", tomorrow);
            page.locator("#closesAtDay").fill("31");
            page.locator("#closesAtMonth").fill("2");
            page.locator("#closesAtYear").fill(String.valueOf(tomorrow.getYear() + 1));
            page.locator("#closesAtTime").fill("12pm");
            BallotForms.fillTime(page, "rollCutoff", tomorrow.plusDays(7));
            page.getByLabel("Independent scrutineer").fill("Independent Scrutineer Ltd");
            page.getByLabel("Address ballot email comes from").fill("ballots@scrutineer.example");
            button("Save as a draft");
            assertThat(page.locator(".govuk-error-summary"))
                    .containsText("The date voting closes must be a real date: February");
            assertThat(page.locator("#closesAt-error")).containsText("must be a real date");
            assertThat(page.locator("#closesAtDay")).hasClass(java.util.regex.Pattern.compile("govuk-input--error"));
            assertThat(page.locator("#opensAtDay")).hasValue(String.valueOf(tomorrow.getDayOfMonth()));
            assertAccessible(page);
            assertThat(page.locator(".govuk-error-summary a").first()).hasAttribute("href", "#closesAtDay");

            BallotForms.fillTime(page, "closesAt", tomorrow.plusDays(14).withHour(12));
            button("Save as a draft");
            assertThat(page.locator("#done")).hasText("The ballot was saved as a draft");
            assertThat(page.locator("#status")).hasText("DRAFT");
            TestTrustee.addTo(
                    jdbc, Long.parseLong(page.url().substring(page.url().lastIndexOf('/') + 1)));
            assertThat(page.locator("#roll-today")).hasText("3");
            assertThat(page.locator("#opens")).hasText(UkTime.format(tomorrow.toInstant()));
            assertAccessible(page);

            button("Change the draft");
            assertThat(page.locator("h1")).hasText("Change the draft");
            assertThat(page.locator("#closesAtTime")).hasValue("12:00");
            assertThat(page.locator("#opensAtTime")).hasValue("09:00");
            assertAccessible(page);
            page.getByLabel("All GP members in England").check();
            page.locator("#opensAtTime").fill("10:30");
            button("Save changes");
            assertThat(page.locator("#done")).hasText("The draft was changed");
            assertThat(page.locator("#roll-today")).hasText("5");
            assertThat(page.locator("#opens"))
                    .hasText(UkTime.format(tomorrow.withHour(10).withMinute(30).toInstant()));
            assertThat(page.locator("#ballot-log")).containsText("who may vote (now All GP members in England)");
            assertAccessible(page);

            button("Schedule this ballot");
            assertThat(page.locator("#done"))
                    .hasText("The ballot is scheduled: it opens by itself on "
                            + UkTime.format(tomorrow.withHour(10).withMinute(30).toInstant()));
            assertThat(page.locator("#status")).hasText("SCHEDULED");
            assertThat(page.locator("#roll-today")).hasCount(0);
            assertAccessible(page);

            link("unschedule the ballot");
            assertThat(page.locator("h1")).hasText("Unschedule the ballot?");
            assertAccessible(page);
            button("Unschedule the ballot");
            assertThat(page.locator("#done")).containsText("The ballot is a draft again");
            assertThat(page.locator("#status")).hasText("DRAFT");
            assertThat(page.locator("#ballot-log")).containsText("Returned to draft before opening");
            assertAccessible(page);

            link("Delete the draft");
            assertThat(page.locator("h1")).hasText("Delete the draft?");
            assertAccessible(page);
            button("Delete the draft");
            assertThat(page.locator("#done")).hasText("The draft \u201cDrafted ballot\u201d was deleted");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Drafted ballot")))
                    .hasCount(0);
            assertAccessible(page);
        }
    }

    void button(String name) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    void link(String name) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }
}
