package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.actions.support.PledgeSteps.confirmationLink;
import static org.gpaction.actions.support.PledgeSteps.pledgesMadeWith;
import static org.gpaction.actions.support.PledgeSteps.words;

import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Someone who pledges again for a practice they already support is told so through the new link, which is not a
 * miss; the form answers the same whether or not the address has pledged.
 */
@GpActionTest
class PledgeAgainTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSecondLinkForAPledgeAlreadyConfirmedSaysSoRatherThanThatTheLinkIsUnusable() {
        String email = TestMailbox.uniqueAddress("pledge-again");
        String practice = TestPractices.add(jdbc);
        Map<String, String> form =
                Map.of("name", "Pat Partner", "role", "NURSE_PARTNER", "odsCode", practice, "email", email);
        Http visitor = new Http(port);
        visitor.get("/support");

        Http.Response first = visitor.postForm("/support", form);
        assertThat(first.status()).isEqualTo(200);
        String firstLink = confirmationLink(email, 1);
        Http.Response confirmed = visitor.postForm(firstLink, Map.of());
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Your pledge is confirmed");

        Http.Response again = visitor.postForm("/support", form);
        assertThat(again.status()).isEqualTo(200);
        assertThat(main(again.body()))
                .as("the form says the same whether or not the address has pledged")
                .isEqualTo(main(first.body()));
        String secondLink = confirmationLink(email, 2);
        assertThat(secondLink).isNotEqualTo(firstLink);
        int misses = misses();

        Http.Response opened = visitor.get(secondLink);
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        assertThat(words(opened.body()))
                .contains("You have already pledged support for TEST PRACTICE " + practice)
                .doesNotContain("Confirm my pledge");
        assertThat(pledgesMadeWith(jdbc, email))
                .as("opening the link changes nothing")
                .isEqualTo(2);
        Http.Response used = visitor.postForm(secondLink, Map.of());
        assertThat(used.status()).as(used.body()).isEqualTo(200);
        assertThat(words(used.body()))
                .contains("You have already pledged support for TEST PRACTICE " + practice)
                .doesNotContain("Pledge your support again");
        assertThat(misses()).as("the real link is not counted as a miss").isEqualTo(misses);
        assertThat(pledgesMadeWith(jdbc, email))
                .as("the second pledge's details are not kept, as the page says")
                .isOne();
        assertThat(jdbc.sql("select count(*) from actions.pledge where email = :email and confirmed_at is not null")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .isOne();
    }

    private int misses() {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = 'PLEDGE_LINK_TRY'")
                .query(Integer.class)
                .single();
    }

    private static String main(String page) {
        return page.substring(page.indexOf("<main"), page.indexOf("</main>"));
    }
}
