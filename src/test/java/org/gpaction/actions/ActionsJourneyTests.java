package org.gpaction.actions;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;
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

@GpActionTest
class ActionsJourneyTests {

    private static final Pattern CONFIRM_LINK = Pattern.compile("(/support/confirm/[A-Za-z0-9_-]+)");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ActionsTestData data;
    BrowserContext context;
    Page page;

    @BeforeEach
    void openBrowser() {
        data = new ActionsTestData(jdbc, new Http(port));
        context = Browser.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void aPracticeManagerChoosesSeveralActionsAtOnce() {
        String ods = data.practice();
        signIn(data.practiceManager(ods), ActionsTestData.PASSWORD);
        page.navigate(url("/actions/practices/" + ods));

        link("Choose an action");
        page.getByLabel(Pattern.compile("^2\\. ")).check();
        page.getByLabel(Pattern.compile("^3\\. ")).check();
        page.getByLabel("Start date").fill("2024-08-05");
        button("Record the action");
        assertThat(page.locator(".govuk-notification-banner"))
                .containsText("Actions 2 and 3 are recorded from 5 August 2024");

        link("Choose an action");
        page.getByLabel(Pattern.compile("^4\\. ")).check();
        page.getByLabel("Start date").fill("2020-01-01");
        button("Record the action");
        assertThat(page.locator(".govuk-error-summary")).containsText("enter a start date on or after it");
        assertAccessible(page);
        page.navigate(url("/actions/practices/" + ods));
        assertThat(page.locator("#current-actions")).containsText(Pattern.compile("\\b3\\. "));
        assertThat(page.locator("#current-actions")).not().containsText(Pattern.compile("\\b4\\. "));
    }

    @Test
    void aPracticeManagerChoosesActionsStopsOneAndSeesTheTimeline() {
        String ods = data.practice();
        String other = data.practice();
        String manager = data.practiceManager(ods);
        signIn(manager, ActionsTestData.PASSWORD);

        link("Actions");
        assertAccessible(page);
        link("Read the action menu");
        assertThat(page.locator("#action-1")).containsText("25 patient contacts per clinician");
        assertThat(page.locator("#action-9")).containsText("Better digital telephony declaration");
        assertAccessible(page);

        page.navigate(url("/actions"));
        link("Practices and their actions");
        assertAccessible(page);
        link("ACTION TEST PRACTICE " + ods);
        assertThat(page.locator("main")).containsText("The practice is not taking any action yet");
        assertAccessible(page);

        link("Choose an action");
        button("Record the action");
        assertThat(page.locator(".govuk-error-summary")).containsText("Choose an action from the menu");
        assertAccessible(page);
        page.getByLabel("1. Cap daily contacts at a safe number").check();
        page.getByLabel("Start date").fill("2024-08-05");
        page.getByLabel("Note (optional)").fill("Two clinicians to start");
        button("Record the action");
        assertThat(page.locator(".govuk-notification-banner")).containsText("Action 1 is recorded from 5 August 2024");

        link("Choose an action");
        page.getByLabel("9. Hold off signing digital declarations").check();
        page.getByLabel("Start date").fill("2024-08-12");
        button("Record the action");
        assertThat(page.locator(".govuk-warning-text").first()).containsText("Review due: Better digital telephony");
        assertAccessible(page);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stop action 9"))
                .click();
        assertAccessible(page);
        page.getByLabel("It is de-escalated after negotiation").check();
        page.getByLabel("Stop date").fill("2024-08-12");
        page.getByLabel("Reason").fill("The ICB withdrew the declaration");
        button("Record the stop");
        assertThat(page.locator(".govuk-error-summary")).containsText("enter a day after that");
        assertAccessible(page);
        page.getByLabel("Stop date").fill("2025-01-06");
        button("Record the stop");
        assertThat(page.locator(".govuk-notification-banner"))
                .containsText("Action 9 is recorded as de-escalated from 6 January 2025");

        link("Add a note");
        assertAccessible(page);
        page.getByLabel("Note", new Page.GetByLabelOptions().setExact(true)).fill("Patients told at reception");
        button("Add the note");

        assertThat(page.locator("#current-actions")).containsText("1. Cap daily contacts at a safe number");
        assertThat(page.locator("#current-actions")).not().containsText("Hold off signing");
        assertThat(page.locator("#timeline li")).hasCount(4);
        assertThat(page.locator("#timeline li").nth(0)).containsText("Note: The practice");
        assertThat(page.locator("#timeline li").nth(1))
                .containsText("De-escalated: 9. Hold off signing digital declarations");
        assertThat(page.locator("#timeline li").nth(1)).containsText("The ICB withdrew the declaration");
        assertThat(page.locator("#timeline li").nth(3)).containsText("Two clinicians to start");
        assertAccessible(page);

        link("Change where the notice sends patients");
        button("Save the notice");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter where patients should go");
        assertAccessible(page);
        page.getByLabel("Local urgent care settings").fill("Riverside Urgent Treatment Centre, 8am to 8pm");
        button("Save the notice");
        link("Print the patient notice");
        assertThat(page.locator("#notice")).containsText("Riverside Urgent Treatment Centre");
        assertThat(page.locator("#notice")).containsText("NHS 111");
        assertThat(page.locator("#notice")).containsText("sees a safe number of patients a day");
        assertThat(page.locator("#notice")).containsText("1 HIGH STREET, TS1 1AA");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Print the notice")))
                .isVisible();
        assertThat(page.locator("link[media=print]")).hasAttribute("href", "/css/actions-notice.css");
        assertAccessible(page);

        // An action chosen to start next week is withdrawn through its stop form before it starts.
        LocalDate today = LocalDate.now(UkTime.ZONE);
        page.navigate(url("/actions/practices/" + ods));
        link("Choose an action");
        page.getByLabel(Pattern.compile("^2\\. ")).check();
        page.getByLabel("Start date").fill(today.plusDays(7).toString());
        button("Record the action");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stop action 2"))
                .click();
        assertThat(page.locator("main"))
                .containsText("It has not started: a stop date on or before that day withdraws it");
        assertAccessible(page);
        // A colleague has the same form open in another tab, and sends it after the withdrawal.
        Page colleague = page.context().newPage();
        colleague.navigate(page.url());
        page.getByLabel("Stop date").fill(today.toString());
        page.getByLabel("Reason").fill("Not going ahead");
        button("Record the stop");
        assertThat(page.locator(".govuk-notification-banner")).containsText("Action 2 is withdrawn");
        assertThat(page.locator("main")).containsText("Withdrawn before it started");
        assertAccessible(page);
        colleague.getByLabel("Stop date").fill(today.toString());
        colleague.getByLabel("Reason").fill("Not going ahead");
        colleague
                .getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the stop"))
                .click();
        assertThat(colleague.locator(".govuk-error-summary")).containsText("Action 2 is already withdrawn");
        assertThat(colleague.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the stop")))
                .hasCount(0);
        assertAccessible(colleague);
        colleague.close();

        page.navigate(url("/actions/practices/" + other));
        assertThat(page.locator("h1")).hasText("Page not found");
        page.navigate(url("/actions/uptake"));
        assertThat(page.locator("h1")).not().containsText("Uptake");
    }

    @Test
    void aPracticeOutsideEnglandOrInNoKnownNationIsToldWhyItCannotChooseActionsAndWhoToAskInsteadOfAForm() {
        String unknown = data.practice();
        String welsh = data.practice();
        jdbc.sql("update practices.practice set nation = 'UNKNOWN', national_grouping = 'Y99' where ods_code = :ods")
                .param("ods", unknown)
                .update();
        jdbc.sql("update practices.practice set nation = 'WALES', national_grouping = 'W00' where ods_code = :ods")
                .param("ods", welsh)
                .update();
        String manager = data.practiceManager(unknown, welsh);
        signIn(manager, ActionsTestData.PASSWORD);
        page.navigate(url("/actions/practices/" + unknown));

        link("Choose an action");
        assertThat(page.locator("main"))
                .containsText("The action menu is for practices in England, and the practices directory does not say"
                        + " which nation " + unknown + " is in, so the practice cannot choose actions.");
        assertThat(page.locator("main"))
                .containsText("If the practice is in England, ask an administrator to check its national grouping");
        assertThat(page.getByLabel("Start date")).hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the action")))
                .hasCount(0);
        assertAccessible(page);

        page.navigate(url("/actions/practices/" + welsh + "/choose"));
        assertThat(page.locator("main"))
                .containsText("The action menu is for practices in England, and the practices directory places " + welsh
                        + " in Wales, so the practice cannot choose actions.");
        assertThat(page.locator("main form")).hasCount(0);
        assertAccessible(page);

        Http sentAnyway = new Http(port);
        sentAnyway.signIn(manager, ActionsTestData.PASSWORD);
        sentAnyway.get("/actions/practices/" + welsh + "/choose");
        Http.Response refused = sentAnyway.postForm(
                "/actions/practices/" + welsh + "/choose", Map.of("actionNumber", "1", "from", "2024-08-05"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("places " + welsh + " in Wales, so the practice cannot choose actions.");
        assertThat(jdbc.sql("select count(*) from actions.action_period where ods_code in (:unknown, :welsh)")
                        .param("unknown", unknown)
                        .param("welsh", welsh)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aPracticeManagerDeEscalatesAPlannedActionThroughItsStopForm() {
        String ods = data.practice();
        signIn(data.practiceManager(ods), ActionsTestData.PASSWORD);
        LocalDate today = LocalDate.now(UkTime.ZONE);
        page.navigate(url("/actions/practices/" + ods));
        link("Choose an action");
        page.getByLabel(Pattern.compile("^2\\. ")).check();
        page.getByLabel("Start date").fill(today.plusDays(7).toString());
        button("Record the action");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stop action 2"))
                .click();
        assertThat(page.locator("main")).containsText("stopped or de-escalated as you say");
        assertAccessible(page);
        page.getByLabel("It is de-escalated after negotiation").check();
        page.getByLabel("Stop date").fill(today.plusYears(2).toString());
        page.getByLabel("Reason").fill("Agreed with the ICB before it starts");
        button("Record the stop");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter a day within the next year");
        assertThat(page.getByLabel("It is de-escalated after negotiation")).isChecked();
        assertAccessible(page);
        page.getByLabel("Stop date").fill(today.plusDays(21).toString());
        button("Record the stop");
        assertThat(page.locator(".govuk-notification-banner"))
                .containsText("Action 2 is recorded as de-escalated from "
                        + PracticeActionsApiTests.display(today.plusDays(21)));
        assertThat(page.locator("#current-actions"))
                .containsText("Starts on " + PracticeActionsApiTests.display(today.plusDays(7)) + " until "
                        + PracticeActionsApiTests.display(today.plusDays(20)));
        assertThat(page.locator("#timeline li").first()).containsText("De-escalated: 2. ");
        assertAccessible(page);
    }

    @Test
    void anLmcOfficerSeesOnlyTheirLmcOnTheDashboard() {
        String ods = data.practice();
        data.practice();
        Http api = new Http(port);
        assertThat(api.postJson(
                                "/api/practices/" + ods + "/actions",
                                java.util.Map.of("actionNumber", 1, "from", "2024-08-05"),
                                data.adminToken())
                        .status())
                .isEqualTo(201);
        ActionsTestData elsewhere = new ActionsTestData(jdbc, api);
        String hidden = elsewhere.practice();
        signIn(data.lmcOfficer(data.lmc), ActionsTestData.PASSWORD);

        link("Actions");
        link("Uptake");
        assertThat(page.locator(".govuk-caption-l")).hasText(data.lmc);
        assertThat(page.locator("#uptake caption")).containsText("2 practices open on");
        assertThat(page.locator("#uptake")).containsText("50.0%");
        assertThat(page.locator("#trend-chart")).isVisible();
        assertThat(page.locator("#trend-table tbody tr").first()).containsText("August 2024");
        assertThat(page.locator("#lmc")).hasCount(0);
        assertAccessible(page);

        page.getByLabel("ICB", new Page.GetByLabelOptions().setExact(true)).selectOption(data.icb);
        page.getByLabel("Date", new Page.GetByLabelOptions().setExact(true)).fill("2024-08-04");
        button("Show uptake");
        assertThat(page.locator(".govuk-caption-l")).hasText(data.lmc + ", ICB " + data.icb);
        assertThat(page.locator("#uptake")).containsText("0.0%");
        assertAccessible(page);

        page.navigate(url("/actions/practices"));
        assertThat(page.locator("main")).containsText(ods);
        assertThat(page.locator("main")).not().containsText(hidden);
        page.navigate(url("/actions/practices/" + ods));
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Choose an action")))
                .hasCount(0);
        assertAccessible(page);
        page.navigate(url("/actions/practices/" + hidden));
        assertThat(page.locator("h1")).hasText("Page not found");
    }

    @Test
    void aPartnerPledgesSupportAndConfirmsItByEmail() {
        String ods = data.practice();
        String email = "nurse." + ods.toLowerCase() + "@partners.test";
        page.navigate(url("/"));
        link("pledge their support for the action");
        assertThat(page.locator("h1")).containsText("support");
        assertAccessible(page);
        button("Pledge support");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter your name");
        assertAccessible(page);
        page.getByLabel("Your name").fill("=HYPERLINK(\"http://evil.test\")");
        page.getByLabel("Nurse partner").check();
        page.getByLabel("Your practice's ODS code").fill(ods.toLowerCase());
        page.getByLabel("Email address").fill(email);
        page.getByLabel("The campaign may contact me about the action").check();
        button("Pledge support");
        assertThat(page.locator("h1")).hasText("Check your email");
        assertAccessible(page);

        String body = org.gpaction.support.TestMailbox.awaitMessageTo(email, "Confirm your pledge of support")
                .body();
        Matcher link = Pattern.compile("(/support/confirm/[A-Za-z0-9_-]+)").matcher(body);
        assertThat(link.find()).isTrue();
        // The link is made as the email goes, from the pledge's id: the outbox never holds it.
        assertThat(jdbc.sql("select secret_link_reference from notifications.outbox where recipient = :to")
                        .param("to", email)
                        .query(String.class)
                        .single())
                .isEqualTo(jdbc.sql("select id::text from actions.pledge where email = :email")
                        .param("email", email)
                        .query(String.class)
                        .single());
        page.navigate(url(link.group(1)));
        assertThat(page.locator("main")).containsText("Nurse partner");
        assertAccessible(page);
        page.navigate(url(link.group(1)));
        button("Confirm my pledge");
        assertThat(page.locator(".govuk-panel")).containsText("Your pledge is confirmed");
        assertAccessible(page);
        page.navigate(url(link.group(1)));
        assertThat(page.locator("h1")).hasText("Your pledge is already confirmed");
        assertThat(page.locator("main")).containsText(ods);
        assertAccessible(page);

        signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        page.navigate(url("/admin/actions/pledges"));
        assertThat(page.locator("#pledges")).containsText(email);
        assertAccessible(page);
        page.navigate(url("/actions/practices/" + ods));
        assertThat(page.locator("#pledges")).containsText("=HYPERLINK(\"http://evil.test\"), Nurse partner, since ");
        assertThat(page.locator("#pledges")).not().containsText(email);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String csv = admin.get("/admin/actions/pledges.csv").body();
        assertThat(csv)
                .contains("\"'=HYPERLINK(\"\"http://evil.test\"\")\",Nurse partner," + ods + "," + email + ",yes");

        // The partner changes their mind.
        page.navigate(url("/support"));
        link("Withdraw your pledge");
        assertAccessible(page);
        button("Send me a link");
        assertThat(page.locator(".govuk-error-summary")).containsText("Enter the email address you pledged with");
        assertAccessible(page);
        page.getByLabel("Email address").fill(email);
        button("Send me a link");
        assertThat(page.locator("h1")).hasText("Check your email");
        assertAccessible(page);
        Matcher withdrawal = Pattern.compile("(/support/withdraw/[A-Za-z0-9_-]+)")
                .matcher(org.gpaction.support.TestMailbox.awaitMessageTo(email, "Withdraw your pledge of support")
                        .body());
        assertThat(withdrawal.find()).isTrue();
        page.navigate(url(withdrawal.group(1)));
        assertThat(page.locator("#pledges")).containsText(ods);
        assertAccessible(page);
        button("Withdraw my pledge");
        assertThat(page.locator(".govuk-panel")).containsText("Your pledge is withdrawn");
        assertAccessible(page);
        page.navigate(url(withdrawal.group(1)));
        assertThat(page.locator("h1")).hasText("This link cannot be used");
        assertAccessible(page);
        page.navigate(url("/admin/actions/pledges"));
        assertThat(page.locator("main")).not().containsText(email);
    }

    @Test
    void aPartnerWhoPledgesAgainForTheirPracticeIsToldTheirPledgeStands() {
        String ods = data.practice();
        String email = TestMailbox.uniqueAddress("pledge-again");
        Map<String, String> form =
                Map.of("name", "Pat Partner", "role", "NURSE_PARTNER", "odsCode", ods, "email", email);
        Http visitor = new Http(port);
        visitor.get("/support");
        assertThat(visitor.postForm("/support", form).status()).isEqualTo(200);
        Matcher first = CONFIRM_LINK.matcher(
                TestMailbox.awaitMessagesTo(email, 1).get(0).body());
        assertThat(first.find()).isTrue();
        assertThat(visitor.postForm(first.group(1), Map.of()).body()).contains("Your pledge is confirmed");

        page.navigate(url("/support"));
        page.getByLabel("Your name").fill("Pat Partner");
        page.getByLabel("Nurse partner").check();
        page.getByLabel("Your practice's ODS code").fill(ods);
        page.getByLabel("Email address").fill(email);
        button("Pledge support");
        assertThat(page.locator("h1")).hasText("Check your email");
        Matcher second = CONFIRM_LINK.matcher(
                TestMailbox.awaitMessagesTo(email, 2).get(1).body());
        assertThat(second.find()).isTrue();
        page.navigate(url(second.group(1)));
        assertThat(page.locator("h1")).containsText("You have already pledged support for");
        assertThat(page.locator("main")).not().containsText("Confirm my pledge");
        assertAccessible(page);
    }

    @Test
    void anAdministratorPagesThroughAListOfMoreThanAHundredPledges() {
        String marker = "Journey" + System.nanoTime();
        Instant start = Instant.now().plus(Duration.ofDays(1));
        try {
            for (int i = 0; i < 101; i++) {
                Timestamp at = Timestamp.from(start.plusSeconds(i));
                jdbc.sql("""
                                insert into actions.pledge
                                    (name, role, ods_code, email, consent_to_contact, created_at, expires_at, confirmed_at)
                                values (:name, 'NURSE_PARTNER', 'A81001', :email, true, :at, :at, :confirmed)
                                """)
                        .param("name", marker + " " + i)
                        .param("email", marker.toLowerCase() + "." + i + "@example.org")
                        .param("at", at)
                        .param("confirmed", i % 2 == 0 ? at : null)
                        .update();
            }
            signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
            page.navigate(url("/admin/actions/pledges"));
            assertThat(page.locator("#pledges")).containsText(marker + " 100");
            assertThat(page.locator("nav.govuk-pagination a[rel=next]")).isVisible();
            assertAccessible(page);
            page.locator("nav.govuk-pagination a[rel=next]").click();
            assertThat(page.locator("#pledge-count")).containsText("Showing 101 to ");
            assertThat(page.locator("nav.govuk-pagination a[rel=prev]")).isVisible();
            assertAccessible(page);
        } finally {
            jdbc.sql("delete from actions.pledge where name like :marker")
                    .param("marker", marker + " %")
                    .update();
        }
    }

    void signIn(String email, String password) {
        page.navigate(url("/sign-in"));
        page.getByLabel("Email address").fill(email);
        page.getByLabel("Password").fill(password);
        button("Sign in");
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
