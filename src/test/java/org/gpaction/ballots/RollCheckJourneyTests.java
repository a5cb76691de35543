package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.support.Browser;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The scrutineer refuses and confirms declared roles with the keyboard; each page state passes the accessibility check. */
@GpActionTest
class RollCheckJourneyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theScrutineerRefusesWithoutAReasonIsToldWhatToFix_thenConfirmsTheOther() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        long ballot = fixtures.openBallot(Duration.ofDays(7), Duration.ofDays(2));
        String practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        // Partners at the practice by their own word, as the roll finds them: eligible only by the declared role.
        Voter refused = fixtures.member(practice);
        Voter confirmed = fixtures.member(practice);
        for (Voter voter : new Voter[] {refused, confirmed}) {
            jdbc.sql("update membership.member_role set declared_at = now() - interval '1 hour'"
                            + " where membership_number = :n")
                    .param("n", voter.number())
                    .update();
            jdbc.sql("""
                            insert into ballots.roll_check (ballot_id, membership_number, role, practice_ods, evidence,
                                declared_at, waiting_since, state)
                            values (:ballot, :member, 'CONTRACTOR_PARTNER', :practice, 'GP contractor or partner',
                                now() - interval '1 hour', now(), 'WAITING')
                            """)
                    .param("ballot", ballot)
                    .param("member", voter.number())
                    .param("practice", practice)
                    .update();
        }
        String scrutineer = data.scrutineer();

        try (BrowserContext context = Browser.newContext()) {
            Page page = Browser.signIn(
                    context.newPage(), "http://localhost:" + port + "/sign-in", scrutineer, ResultsTestData.PASSWORD);
            page.navigate("http://localhost:" + port + "/ballots/" + ballot + "/roll-checks");
            assertThat(page.content()).contains(refused.number(), confirmed.number(), refused.gmc());
            assertAccessible(page);

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refuse " + refused.number()))
                    .click();
            assertThat(page.locator(".govuk-error-summary").textContent()).contains("Give the reason for refusing");
            assertAccessible(page);

            page.getByLabel("Reason for refusing " + refused.number()).fill("Not on the GMC register under this name");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refuse " + refused.number()))
                    .click();
            assertThat(page.locator("#done").textContent()).contains("Refused");
            assertAccessible(page);

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm " + confirmed.number()))
                    .press("Enter");
            assertThat(page.locator("#done").textContent()).contains("Confirmed");
            assertThat(page.locator("#checks").textContent()).contains("Nobody is waiting");
            assertAccessible(page);
        }
        assertThat(fixtures.liveCredentials(ballot, confirmed)).isEqualTo(1);
        assertThat(fixtures.liveCredentials(ballot, refused)).isZero();
    }
}
