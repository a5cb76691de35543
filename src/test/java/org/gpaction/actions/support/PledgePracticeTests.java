package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.actions.support.PledgeSteps.confirmationLink;
import static org.gpaction.actions.support.PledgeSteps.link;
import static org.gpaction.actions.support.PledgeSteps.pledgesMadeWith;
import static org.gpaction.actions.support.PledgeSteps.words;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A pledge supports the GPs of a practice as it is now: one for a practice the directory has closed or places outside
 * England is refused naming the ODS code, and the pages confirming a pledge name the practice it is for.
 */
@GpActionTest
class PledgePracticeTests {

    private static final String CHECK = ": check the ODS code";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Pledges pledges;

    @Test
    void aPledgeForAPracticeClosedNotYetOpenOrOutsideEnglandIsRefusedNamingTheOdsCode_andNothingIsKeptOrEmailed() {
        String closed = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", "2020-01-31");
        String closedUndated = TestPractices.add(jdbc, "ENGLAND", "CLOSED", "GMS", null);
        String dormant = TestPractices.add(jdbc, "ENGLAND", "DORMANT", "GMS", null);
        String proposed = TestPractices.add(jdbc, "ENGLAND", "PROPOSED", "GMS", null);
        String wales = TestPractices.add(jdbc, "WALES", "ACTIVE", "GMS", null);
        String scotland = TestPractices.add(jdbc, "SCOTLAND", "ACTIVE", "GMS", null);
        String unknown = TestPractices.add(jdbc, "UNKNOWN", "ACTIVE", "GMS", null);
        String open = ", and a pledge supports the GPs of a practice open now" + CHECK;
        String england = ", and the action is taken by practices in England" + CHECK;
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put(closed, named(closed) + " was last open on 31 January 2020" + open);
        refusals.put(closedUndated, named(closedUndated) + " is closed" + open);
        refusals.put(dormant, named(dormant) + " is dormant" + open);
        refusals.put(proposed, named(proposed) + " is only proposed, not open" + open);
        refusals.put(wales, named(wales) + " is in Wales" + england);
        refusals.put(scotland, named(scotland) + " is in Scotland" + england);
        refusals.put(
                unknown, "The practices directory does not say which nation " + named(unknown) + " is in" + england);
        String email = TestMailbox.uniqueAddress("pledge-closed");
        Http visitor = new Http(port);
        visitor.get("/support");

        refusals.forEach((ods, refusal) -> {
            Http.Response refused = visitor.postForm(
                    "/support",
                    Map.of(
                            "name", "Pat Partner",
                            "role", "NURSE_PARTNER",
                            "odsCode", ods.toLowerCase(),
                            "email", email,
                            "consent", "yes"));

            assertThat(refused.status()).as(ods + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body())
                    .as(ods)
                    .contains("govuk-error-summary")
                    .contains("href=\"#odsCode\">" + refusal + "<")
                    .as("the form is shown again as typed")
                    .contains("value=\"Pat Partner\"");
            assertThat(jdbc.sql("select count(*) from actions.pledge where ods_code = :ods")
                            .param("ods", ods)
                            .query(Integer.class)
                            .single())
                    .as(ods + ": nothing is kept")
                    .isZero();
        });
        assertThat(jdbc.sql("select count(*) from actions.pledge where lower(email) = lower(:email)")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(TestMailbox.messagesTo(email)).as("nothing is emailed").isEmpty();
    }

    @Test
    void aPracticeWhoseClosingDateIsStillToComeIsOpenNow_andItsPledgeIsTaken() {
        String closing = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", "2999-12-31");
        String email = TestMailbox.uniqueAddress("pledge-closing");

        pledges.request("Pat Partner", "NURSE_PARTNER", closing, email, false, elsewhere());

        assertThat(jdbc.sql("select count(*) from actions.pledge where ods_code = :ods")
                        .param("ods", closing)
                        .query(Integer.class)
                        .single())
                .isOne();
    }

    @Test
    void theConfirmPageAndTheThankYouNameThePracticeThePledgeIsFor_soAMistypedCodeIsSeenBeforeItCounts() {
        String practice = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("pledge-named");
        pledges.request("Pat Partner", "NURSE_PARTNER", practice, email, false, elsewhere());
        String link = link(TestMailbox.awaitMessageTo(email, "Confirm your pledge of support")
                .body());
        Http visitor = new Http(port);

        Http.Response page = visitor.get(link);

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(words(page.body())).contains("Confirm my pledge").contains(named(practice));

        Http.Response done = visitor.postForm(link, Map.of());

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(words(done.body()))
                .contains("Your pledge is confirmed")
                .contains("Your pledge of support for " + named(practice) + " counts");
    }

    @Test
    void theConfirmationEmailNamesThePracticeThePledgeIsFor_soAMistypedCodeIsSeenInIt() {
        String practice = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("pledge-email-named");

        pledges.request("Pat Partner", "NURSE_PARTNER", practice.toLowerCase(), email, false, elsewhere());

        String body = words(TestMailbox.awaitMessageTo(email, "Confirm your pledge of support")
                .body());
        assertThat(body)
                .contains("your support to the GPs of " + named(practice))
                .contains("If it is not the practice you are a partner in, do not confirm");
    }

    @Test
    void aPledgeWhosePracticeClosesOrIsFoundOutsideEnglandBeforeItsLinkIsUsedIsRefusedSayingWhy_andNothingIsKept() {
        LocalDate yesterday = LocalDate.now(UkTime.ZONE).minusDays(1);
        String closing = TestPractices.add(jdbc);
        String moving = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("pledge-closes");
        pledges.request("Pat Partner", "NURSE_PARTNER", closing, email, false, elsewhere());
        String closingLink = confirmationLink(email, 1);
        pledges.request("Pat Partner", "NURSE_PARTNER", moving, email, false, elsewhere());
        String movingLink = confirmationLink(email, 2);
        // As a later import of the directory would record them: one practice closed yesterday, the other in Wales.
        jdbc.sql("update practices.practice set closed_on = :day where ods_code = :ods")
                .param("day", java.sql.Date.valueOf(yesterday))
                .param("ods", closing)
                .update();
        jdbc.sql("update practices.practice set nation = 'WALES', national_grouping = 'W00' where ods_code = :ods")
                .param("ods", moving)
                .update();
        Map<String, String> reasons = Map.of(
                closingLink,
                named(closing) + " was last open on " + DAY.format(yesterday)
                        + ", and a pledge supports the GPs of a practice open now",
                movingLink,
                named(moving) + " is in Wales, and the action is taken by practices in England");
        Http visitor = new Http(port);

        reasons.forEach((link, reason) -> {
            Http.Response opened = visitor.get(link);
            assertThat(opened.status()).as(opened.body()).isEqualTo(409);
            assertThat(words(opened.body()))
                    .contains("This pledge cannot be confirmed")
                    .contains(reason)
                    .doesNotContain("Confirm my pledge");
        });
        assertThat(pledgesMadeWith(jdbc, email))
                .as("opening the links changes nothing")
                .isEqualTo(2);
        visitor.get("/support");

        reasons.forEach((link, reason) -> {
            Http.Response refused = visitor.postForm(link, Map.of());
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(words(refused.body()))
                    .contains("This pledge cannot be confirmed")
                    .contains(reason)
                    .contains("It does not count, and the details given with it are deleted")
                    .doesNotContain("Your pledge is confirmed");
        });
        assertThat(pledgesMadeWith(jdbc, email)).as("nothing is kept").isZero();
        Http.Response again = visitor.postForm(closingLink, Map.of());
        assertThat(again.status()).as(again.body()).isEqualTo(404);
    }

    private static String named(String ods) {
        return "TEST PRACTICE " + ods + " (" + ods + ")";
    }

    /** A network address of its own, so no other test's tries count against this one's. */
    private static String elsewhere() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}
