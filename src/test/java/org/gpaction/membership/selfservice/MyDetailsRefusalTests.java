package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A change the member's details page refuses comes back with what they typed, and each problem marks its field. */
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
    void anEmailAddressAlreadyUsedComesBackAsTyped() {
        String other = members().member();
        String number = members().member();
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        String taken = members().email(other);

        Http.Response refused = member.postForm("/my-details/email", Map.of("email", taken));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("already used by another membership");
        assertThat(tag(refused.body(), "email")).contains("value=\"" + taken + "\"");
        assertThat(refused.body()).contains("id=\"email-error\"");
        assertThat(members().email(number)).as("nothing changed").isNotEqualTo(taken);
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
