package org.gpaction.ballots;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.ballots.ReplacementFixtures.Voter;
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
 * A member asks for a new link to an address that is not the registered one; a scrutineer checks, corrects the
 * address, says why and issues the link, which arrives and works. Every page passes the accessibility check.
 */
@GpActionTest
class ReplacementQueueJourneyTests {

    static final String PASSWORD = "harbour lantern quartz meadow";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    BrowserContext memberBrowser;
    BrowserContext staffBrowser;
    ReplacementFixtures fixtures;

    @BeforeEach
    void open() {
        fixtures = new ReplacementFixtures(jdbc);
        fixtures.forgetRequests();
        memberBrowser = Browser.newContext();
        staffBrowser = Browser.newContext();
    }

    @AfterEach
    void close() {
        memberBrowser.close();
        staffBrowser.close();
        fixtures.forgetRequests();
    }

    @Test
    void aScrutineerCorrectsTheAddressAndIssuesALinkThatArrivesAndWorks() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String oldToken = fixtures.enrol(ballot, voter);
        String typed = TestMailbox.uniqueAddress("typed");
        String corrected = TestMailbox.uniqueAddress("corrected");

        Page member = memberBrowser.newPage();
        member.navigate(url("/ballots/" + ballot + "/missing"));
        assertThat(member.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Missing your ballot?")))
                .isVisible();
        assertAccessible(member);
        member.getByLabel("Membership number").fill(voter.number());
        member.getByLabel("GMC number").fill(voter.gmc());
        member.getByLabel("Email address").fill(typed);
        button(member, "Send me a new link");
        assertThat(member.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Check your email")))
                .isVisible();
        assertAccessible(member);

        String scrutineer = TestMailbox.uniqueAddress("scrutineer");
        staffAccounts.create(
                new CreateStaffCommand(scrutineer, PASSWORD, "SCRUTINEER", List.of(), null),
                TestAdmin.id(staffAccounts),
                "test");
        Page staff = staffBrowser.newPage();
        Browser.signIn(staff, url("/sign-in"), scrutineer, PASSWORD);
        fixtures.awaitRequestsActedOn();
        staff.navigate(url("/ballots/replacement-requests"));
        // Other tests' requests, older, may fill the first pages of the shared database's queue: the scrutineer goes
        // on.
        while (!staff.locator("#requests").textContent().contains(typed)) {
            staff.locator("a[rel=next]").click();
        }
        assertThat(staff.locator("#requests")).containsText(typed);
        assertAccessible(staff);
        staff.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Check the request from " + voter.number()))
                .click();
        assertThat(staff.locator("#registered")).hasText(voter.email());
        assertThat(staff.locator("#requested")).hasText(typed);
        assertAccessible(staff);

        staff.getByLabel("Send the link to").fill(corrected);
        button(staff, "Issue the new link");
        assertThat(staff.locator(".govuk-error-summary")).containsText("Say how you checked the new address");
        assertThat(staff.locator("#reason")).hasAttribute("aria-describedby", "reason-hint reason-error");
        assertAccessible(staff);
        staff.getByLabel("How you checked the address").fill("Member confirmed by phone on the number we hold");
        button(staff, "Issue the new link");
        assertThat(staff.locator("#done")).hasText("New link sent to " + corrected);
        assertAccessible(staff);

        TestMailbox.Message link = TestMailbox.awaitMessageTo(corrected);
        assertThat(link.subject()).startsWith("Your new ballot link");
        assertThat(TestMailbox.awaitMessageTo(voter.email()).body()).contains("was sent to " + corrected);
        assertThat(TestMailbox.messagesTo(typed)).isEmpty();

        member.navigate(url(java.net.URI.create(link.firstLink()).getPath()));
        member.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Yes"))
                .check();
        button(member, "Continue");
        button(member, "Confirm my vote");
        assertThat(member.locator(".govuk-panel__title")).hasText("Your vote has been recorded");
        assertThat(fixtures.papers(ballot)).isEqualTo(1);

        assertThat(new Http(port)
                        .postJson("/api/vote", Map.of("token", oldToken, "choice", "Yes"))
                        .status())
                .isEqualTo(410);
        assertThat(jdbc.sql("""
                        select actor || ' ' || detail from ballots.ballot_log
                        where ballot_id = :ballot and action = 'EMAIL_CORRECTED'
                        """).param("ballot", ballot).query(String.class).single())
                .contains(scrutineer, voter.number(), corrected, "confirmed by phone");
        assertThat(jdbc.sql("""
                        select state || ' ' || decided_by || ' ' || sent_to from ballots.replacement_request
                        where ballot_id = :ballot
                        """).param("ballot", ballot).query(String.class).single())
                .isEqualTo("ISSUED " + scrutineer + " " + corrected);
    }

    private static void button(Page page, String name) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(name).setExact(true))
                .click();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
