package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The members page lists 50 members a search matches at a time, says when more match than it lists, and pages through
 * the rest by plain links.
 */
@GpActionTest
class MemberSearchPageTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSearchMatchingMoreMembersThanThePageListsSaysHowManyMatch_notOnlyListingTheFirst50() {
        String tag = manyMembers(51);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response page = admin.get("/members?q=many" + tag.toLowerCase());

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(listed(page, tag)).as("the first 50 listed").hasSize(50);
        assertThat(page.body())
                .contains("51 members match your search; 1 to 50 by name are shown")
                .contains("Go to the next or previous page for the others");

        Http.Response one = admin.get("/members?q=MANY" + tag + "7");
        assertThat(one.body())
                .as("a search matching no more than the page lists says nothing of others")
                .contains("href=\"/members/MANY" + tag + "7\"")
                .doesNotContain("match your search")
                .doesNotContain("govuk-pagination");
    }

    @Test
    void theNextPageListsTheMembersTheFirstDidNot_andLeadsBack_keepingTheSearch() {
        String tag = manyMembers(51);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String q = "many" + tag.toLowerCase();

        Http.Response first = admin.get("/members?q=" + q);
        assertThat(first.body())
                .contains("href=\"/members?q=" + q + "&amp;page=2\"")
                .contains("Page 2 of 2")
                .doesNotContain("rel=\"prev\"");

        Http.Response second = admin.get("/members?q=" + q + "&page=2");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body())
                .contains("51 members match your search; 51 to 51 by name are shown")
                .contains("href=\"/members?q=" + q + "&amp;page=1\"")
                .doesNotContain("rel=\"next\"")
                .contains("value=\"" + q + "\"");
        List<String> both = new ArrayList<>(listed(first, tag));
        both.addAll(listed(second, tag));
        assertThat(listed(second, tag)).hasSize(1);
        assertThat(both)
                .as("every member on one page or the other, none on both")
                .doesNotHaveDuplicates()
                .hasSize(51);

        assertThat(listed(admin.get("/members?q=" + q + "&page=9"), tag))
                .as("a page past the end shows the last")
                .isEqualTo(listed(second, tag));
        for (String notAPage : List.of("two", "-1", "0", "1.5")) {
            Http.Response refused = admin.get("/members?q=" + q + "&page=" + notAPage);
            assertThat(refused.status()).as("page=" + notAPage).isEqualTo(400);
            assertThat(refused.body())
                    .as("page=" + notAPage + " is refused saying what to fix, not shown as the first page")
                    .contains("The page number in the address (page=) must be a whole number from 1")
                    .doesNotContain("href=\"/members/MANY" + tag);
        }
    }

    private static List<String> listed(Http.Response page, String tag) {
        return Pattern.compile("href=\"/members/(MANY" + tag + "[0-9]+)\"")
                .matcher(page.body())
                .results()
                .map(match -> match.group(1))
                .toList();
    }

    /** Members of one family name of their own, imported as a membership file; returns the tag in their numbers. */
    private String manyMembers(int count) {
        String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String practice = TestPractices.add(jdbc);
        int gmcBase = ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);
        StringBuilder csv = new StringBuilder(String.join(",", MemberImport.COLUMNS)).append('\n');
        for (int i = 1; i <= count; i++) {
            csv.append("MANY")
                    .append(tag)
                    .append(i)
                    .append(',')
                    .append(gmcBase + i)
                    .append(",Given")
                    .append(i)
                    .append(",Many")
                    .append(tag)
                    .append(",m")
                    .append(i)
                    .append('.')
                    .append(tag.toLowerCase())
                    .append("@many.test,ACTIVE,2015-04-01,2015-04-01,SALARIED,")
                    .append(practice)
                    .append(",2016-01-01,\n");
        }
        Http api = new Http(port);
        String token = api.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        Http.Response imported = api.postCsv("/api/members/imports?fileName=many.csv", csv.toString(), token);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        return tag;
    }
}
