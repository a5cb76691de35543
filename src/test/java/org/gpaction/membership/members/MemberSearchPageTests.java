package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The members page lists the first 50 members a search matches, and says when more match than it lists. */
@GpActionTest
class MemberSearchPageTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSearchMatchingMoreMembersThanThePageListsSaysHowManyMatch_notOnlyListingTheFirst50() {
        String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String practice = TestPractices.add(jdbc);
        int gmcBase = ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);
        StringBuilder csv = new StringBuilder(String.join(",", MemberImport.COLUMNS)).append('\n');
        for (int i = 1; i <= 51; i++) {
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
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response page = admin.get("/members?q=many" + tag.toLowerCase());

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(Pattern.compile("href=\"/members/MANY" + tag)
                        .matcher(page.body())
                        .results())
                .as("the first 50 listed")
                .hasSize(50);
        assertThat(page.body())
                .contains("51 members match your search; the first 50 by name are shown")
                .contains("to find the others");

        Http.Response one = admin.get("/members?q=MANY" + tag + "7");
        assertThat(one.body())
                .as("a search matching no more than the page lists says nothing of others")
                .contains("href=\"/members/MANY" + tag + "7\"")
                .doesNotContain("match your search");
    }
}
