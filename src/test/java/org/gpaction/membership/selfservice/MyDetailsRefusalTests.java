package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A change the member's details page refuses comes back with what they typed, and each problem marks its field; a
 * control character typed into any of its fields is such a problem, never quietly mended.
 */
@GpActionTest
class MyDetailsRefusalTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private SelfServiceMembers members() {
        return new SelfServiceMembers(jdbc, port);
    }

    @Test
    void aRoleRefusedForItsPracticeComesBackAsTypedWithThePracticeMarked() {
        String number = members().member();
        Http member = members().signedIn(number);
        member.get("/my-details/edit");

        Http.Response refused = member.postForm(
                "/my-details/roles",
                Map.of("role", "CONTRACTOR_PARTNER", "practiceOds", "ZZZ99", "roleFrom", "2024-07-23"));

        assertThat(refused.status()).isEqualTo(400);
        String page = refused.body();
        assertThat(page).contains("<title>Error: ").contains("There is no practice ZZZ99: check the ODS code");
        assertThat(tag(page, "practiceOds")).contains("value=\"ZZZ99\"").contains("govuk-input--error");
        assertThat(tag(page, "roleFrom")).contains("value=\"2024-07-23\"");
        assertThat(option(page, "CONTRACTOR_PARTNER")).contains("selected");
        assertThat(option(page, "SALARIED")).doesNotContain("selected");
        assertThat(page).contains("id=\"practiceOds-error\"");
        assertThat(everyLinkInTheErrorSummary(page)).containsExactly("practiceOds");
        assertThat(page).doesNotContain("id=\"roleFrom-error\"");
    }

    @Test
    void anotherMembersAddressIsAnsweredAsAnyOther_andThatAddressIsToldNothingChanged() {
        String other = members().member();
        String number = members().member();
        String before = members().email(number);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String taken = TestMailbox.uniqueAddress("taken");
        jdbc.sql("update membership.member set email = :email where membership_number = :n")
                .param("email", taken)
                .param("n", other)
                .update();

        Http.Response answer = member.postForm("/my-details/email", Map.of("email", taken));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(member.get("/my-details/edit").body())
                .contains("We have sent a link to " + taken)
                .doesNotContain("already used");
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .untilAsserted(
                        () -> assertThat(emailsTo(taken, "details-email-taken")).isOne());
        assertThat(TestMailbox.awaitMessageTo(taken, "Your email address is already on a membership")
                        .body())
                .contains("It is already the address of a membership, so nothing was changed.")
                .doesNotContain("http");
        assertThat(TestMailbox.messagesTo(taken))
                .as("no link went")
                .noneMatch(message -> message.subject().equals(SelfServiceMembers.CONFIRM_SUBJECT));
        assertThat(members().email(number)).as("nothing changed").isEqualTo(before);
        assertThat(emailsTo(before, "details-email-changed")).isZero();
    }

    @Test
    void aMemberAskingToChangeTheirAddressMoreThanSixtyTimesInTheWindowIsToldToWait_andNothingElseIsRefused() {
        String number = members().member();
        String before = members().email(number);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 60; i++) {
            assertThat(member.postForm("/my-details/email", Map.of("email", "asked" + i + "." + run + "@example.org"))
                            .status())
                    .as("request " + (i + 1))
                    .isEqualTo(302);
        }
        String oneMore = "one.more." + run + "@example.org";

        Http.Response refused = member.postForm("/my-details/email", Map.of("email", oneMore));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After"))
                .as("the whole window, as the requests were made just now")
                .matches("[1-9][0-9]*")
                .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(840L, 900L));
        assertThat(refused.body().replaceAll("\\s+", " "))
                .contains("You have asked to change your email address too many times")
                .contains("Wait 15 minutes and try again");
        assertThat(jdbc.sql("select count(*) from membership.email_change where membership_number = :n")
                        .param("n", number)
                        .query(Integer.class)
                        .single())
                .as("no change stored for the request refused")
                .isEqualTo(60);
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                        .param("to", oneMore)
                        .query(Integer.class)
                        .single())
                .as("nothing sent to it")
                .isZero();
        assertThat(members().email(number)).isEqualTo(before);

        assertThat(member.get("/my-details/edit").status())
                .as("still signed in")
                .isEqualTo(200);
        assertThat(member.postForm(
                                "/my-details/roles",
                                Map.of("role", "LOCUM", "practiceOds", "", "roleFrom", "2024-07-23"))
                        .status())
                .as("their roles can still be changed")
                .isEqualTo(302);
        assertThat(rolesOf(number)).isOne();
        String another = members().member();
        Http other = members().signedIn(another);
        other.get("/my-details/edit");
        assertThat(other.postForm("/my-details/email", Map.of("email", "other." + run + "@example.org"))
                        .status())
                .as("another member, from the same network address")
                .isEqualTo(302);
    }

    @Test
    void anEndDateRefusedMarksTheRowOfTheRoleItWasFor() {
        String number = members().member();
        members().role(number, 0, "SALARIED", TestPractices.add(jdbc), "2021-04-01");
        String partnerAt = TestPractices.add(jdbc);
        members().role(number, 1, "CONTRACTOR_PARTNER", partnerAt, "2019-10-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");

        Http.Response refused = member.postForm(
                "/my-details/roles/1/end",
                Map.of(
                        "roleTo",
                        "bad",
                        "role",
                        "CONTRACTOR_PARTNER",
                        "practiceOds",
                        partnerAt,
                        "roleFrom",
                        "2019-10-01"));

        assertThat(refused.status()).isEqualTo(400);
        String page = refused.body();
        List<String> links = everyLinkInTheErrorSummary(page);
        assertThat(links).containsExactly("roleTo-1");
        for (String link : links) {
            assertThat(page).as("#" + link + " is on the page").contains("id=\"" + link + "\"");
        }
        assertThat(tag(page, "roleTo-1")).contains("value=\"bad\"").contains("govuk-input--error");
        assertThat(tag(page, "roleTo-0")).doesNotContain("value=\"bad\"").doesNotContain("govuk-input--error");
        assertThat(page).contains("id=\"roleTo-1-error\"").doesNotContain("id=\"roleTo-0-error\"");
    }

    @Test
    void aNulInTheNewEmailAddressIsAProblemWithIt_andNothingIsChangedOrSent() {
        String number = members().member();
        String before = members().email(number);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String moved = TestMailbox.uniqueAddress("nul");

        Http.Response refused = member.postForm("/my-details/email", Map.of("email", moved.replace("@", "\u0000@")));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#email\">Email address must not contain control characters, such as tabs or line"
                        + " breaks<");
        assertThat(members().email(number)).as("nothing changed").isEqualTo(before);
        assertThat(emailsTo(before, "details-email-changed")).isZero();
    }

    @Test
    void aLineBreakAfterTheNewEmailAddressIsAProblemWithIt_notTrimmedAway() {
        String number = members().member();
        String before = members().email(number);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");

        Http.Response refused =
                member.postForm("/my-details/email", Map.of("email", TestMailbox.uniqueAddress("crlf") + "\r\n"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(everyLinkInTheErrorSummary(refused.body())).containsExactly("email");
        assertThat(refused.body()).contains("Email address must not contain control characters");
        assertThat(members().email(number)).as("nothing changed").isEqualTo(before);
        assertThat(emailsTo(before, "details-email-changed")).isZero();
    }

    @Test
    void spacesAroundTheNewEmailAddressAreStillTrimmed() {
        String number = members().member();
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String moved = TestMailbox.uniqueAddress("spaces");

        assertThat(member.postForm("/my-details/email", Map.of("email", "  " + moved + " "))
                        .status())
                .isEqualTo(302);
        assertThat(SelfServiceMembers.open(member, members().confirmationLink(number, moved))
                        .status())
                .isEqualTo(200);

        assertThat(members().email(number)).isEqualTo(moved);
    }

    @Test
    void aBellInTheOdsCodeAndATabInTheFirstDayAreEachAProblemWithThatField_andNoRoleIsAdded() {
        String number = members().member();
        String practice = TestPractices.add(jdbc);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");

        Http.Response refused = member.postForm(
                "/my-details/roles",
                Map.of(
                        "role",
                        "SALARIED",
                        "practiceOds",
                        practice.substring(0, 3) + "\u0007" + practice.substring(3),
                        "roleFrom",
                        "2024-07-\t23"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#practiceOds\">ODS code must not contain control characters, such as tabs or line"
                        + " breaks<")
                .contains("href=\"#roleFrom\">First day in the role must not contain control characters, such as"
                        + " tabs or line breaks<");
        assertThat(rolesOf(number)).isZero();
    }

    @Test
    void spacesAroundTheOdsCodeAndTheFirstDayAreStillTrimmed() {
        String number = members().member();
        String practice = TestPractices.add(jdbc);
        Http member = members().signedIn(number);
        member.get("/my-details/edit");

        assertThat(member.postForm(
                                "/my-details/roles",
                                Map.of(
                                        "role",
                                        "SALARIED",
                                        "practiceOds",
                                        " " + practice + " ",
                                        "roleFrom",
                                        " 2024-07-23 "))
                        .status())
                .isEqualTo(302);

        assertThat(rolesOf(number)).isEqualTo(1);
    }

    @Test
    void aLineBreakInALastDayIsAProblemWithThatRole_andTheRoleStaysOpen() {
        String number = members().member();
        String practice = TestPractices.add(jdbc);
        members().role(number, 0, "SALARIED", practice, "2021-04-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");

        Http.Response refused = member.postForm(
                "/my-details/roles/0/end",
                Map.of(
                        "roleTo",
                        "2025-03-31\n",
                        "role",
                        "SALARIED",
                        "practiceOds",
                        practice,
                        "roleFrom",
                        "2021-04-01"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#roleTo-0\">Last day in the role must not contain control characters, such as tabs"
                        + " or line breaks<");
        assertThat(jdbc.sql("""
                        select count(*) from membership.member_role where membership_number = :n and role_to is null
                        """).param("n", number).query(Integer.class).single())
                .as("the role is still open")
                .isEqualTo(1);
    }

    @Test
    void aNulInTheAddressAskingForASignInLinkIsAProblemWithIt_andNoLinkIsSent() {
        String number = members().member();
        String address = members().email(number);
        Http browser = new Http(port);
        browser.get("/my-details");

        Http.Response refused = browser.postForm("/my-details", Map.of("email", address.replace("@", "\u0000@")));

        assertThat(refused.body())
                .contains("href=\"#email\">Email address must not contain control characters, such as tabs or line"
                        + " breaks<")
                .doesNotContain("Check your email");
        assertThat(emailsTo(address, DetailsSignInLinks.CATEGORY)).isZero();
    }

    @Test
    void anAddressMailCannotBeSentToIsAProblemWithIt_keptAsTyped_andNoLinkIsSent() {
        Http browser = new Http(port);
        browser.get("/my-details");
        // A full stop ending the domain: typed by mistake, mail refuses the address, so no link could ever arrive.
        String typed = "gp." + java.util.UUID.randomUUID().toString().substring(0, 8) + "@nhs.net.";

        Http.Response refused = browser.postForm("/my-details", Map.of("email", typed));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#email\">Enter an email address in the correct format, like name@example.com<")
                .contains("id=\"email-error\"")
                .doesNotContain("Check your email");
        assertThat(tag(refused.body(), "email")).contains("value=\"" + typed + "\"");
        assertThat(emailsTo(typed, DetailsSignInLinks.CATEGORY)).isZero();
    }

    @Test
    void aFieldLeftEmptyIsAskedFor_notSaidToBeInTheWrongFormat_andNothingChanges() {
        String number = members().member();
        String before = members().email(number);
        String practice = TestPractices.add(jdbc);
        members().role(number, 0, "SALARIED", practice, "2021-04-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");

        Http.Response noEmail = member.postForm("/my-details/email", Map.of("email", " "));
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.body()).contains("href=\"#email\">Enter your new email address<");
        assertThat(tag(noEmail.body(), "email")).contains("govuk-input--error");

        Http.Response noFirstDay =
                member.postForm("/my-details/roles", Map.of("role", "LOCUM", "practiceOds", "", "roleFrom", ""));
        assertThat(noFirstDay.status()).isEqualTo(400);
        assertThat(everyLinkInTheErrorSummary(noFirstDay.body())).containsExactly("roleFrom");
        assertThat(noFirstDay.body()).contains("href=\"#roleFrom\">Enter the first day in the role<");

        Http.Response noLastDay = member.postForm(
                "/my-details/roles/0/end",
                Map.of("roleTo", "", "role", "SALARIED", "practiceOds", practice, "roleFrom", "2021-04-01"));
        assertThat(noLastDay.status()).isEqualTo(400);
        assertThat(everyLinkInTheErrorSummary(noLastDay.body())).containsExactly("roleTo-0");
        assertThat(noLastDay.body()).contains("href=\"#roleTo-0\">Enter the last day in the role<");

        assertThat(members().email(number)).as("nothing changed").isEqualTo(before);
        assertThat(rolesOf(number)).as("no role added").isOne();
        assertThat(jdbc.sql("""
                        select count(*) from membership.member_role where membership_number = :n and role_to is null
                        """).param("n", number).query(Integer.class).single())
                .as("the role is still open")
                .isOne();
    }

    private int emailsTo(String address, String category) {
        return jdbc.sql("select count(*) from notifications.outbox where recipient = :to and category = :category")
                .param("to", address)
                .param("category", category)
                .query(Integer.class)
                .single();
    }

    private int rolesOf(String number) {
        return jdbc.sql("select count(*) from membership.member_role where membership_number = :n")
                .param("n", number)
                .query(Integer.class)
                .single();
    }

    /** The opening tag of the input or select with this id. */
    private static String tag(String page, String id) {
        Matcher tag = Pattern.compile("<(?:input|select)\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>")
                .matcher(page);
        assertThat(tag.find()).as("a field #" + id).isTrue();
        return tag.group();
    }

    private static String option(String page, String value) {
        Matcher option = Pattern.compile("<option\\b[^>]*\\bvalue=\"" + value + "\"[^>]*>")
                .matcher(page);
        assertThat(option.find()).as("an option " + value).isTrue();
        return option.group();
    }

    private static List<String> everyLinkInTheErrorSummary(String page) {
        int start = page.indexOf("govuk-error-summary__list");
        assertThat(start).as("an error summary").isPositive();
        String list = page.substring(start, page.indexOf("</ul>", start));
        List<String> links = new ArrayList<>();
        Matcher href = Pattern.compile("href=\"#([^\"]*)\"").matcher(list);
        while (href.find()) {
            links.add(href.group(1));
        }
        return links;
    }
}
