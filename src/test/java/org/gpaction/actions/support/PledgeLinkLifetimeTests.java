package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** A pledge's links last as long as the setting says, and the pages and emails say what the setting says. */
@GpActionTest
@TestPropertySource(properties = "gpaction.actions.pledges.link-lifetime=90m")
class PledgeLinkLifetimeTests {

    private static final String SET = "1 hour and 30 minutes";

    @LocalServerPort
    int port;

    @Autowired
    PledgeConfirmations confirmations;

    @Autowired
    PledgeWithdrawals withdrawals;

    @Autowired
    JdbcClient jdbc;

    @Test
    void thePledgePagesAndEmailStateTheSetLifetime() {
        String email = TestMailbox.uniqueAddress("pledge-lifetime");
        Http visitor = new Http(port);
        visitor.get("/support");

        Http.Response asked = visitor.postForm(
                "/support",
                Map.of(
                        "name",
                        "Pat Partner",
                        "role",
                        "NURSE_PARTNER",
                        "odsCode",
                        TestPractices.add(jdbc),
                        "email",
                        email));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(words(asked.body())).contains("expires in " + SET + ".").doesNotContain("48 hours");
        assertThat(TestMailbox.awaitMessageTo(email, "Confirm your pledge of support")
                        .body())
                .contains("expires in " + SET + ".");
        Http.Response unusable = visitor.get("/support/confirm/" + SecretTokens.generate());
        assertThat(unusable.status()).isEqualTo(404);
        assertThat(words(unusable.body())).contains("links last " + SET + " from their email");
    }

    @Test
    void theWithdrawalPagesAndEmailStateTheSetLifetime() {
        String email = TestMailbox.uniqueAddress("withdrawal-lifetime");
        Http visitor = new Http(port);
        visitor.get("/support/withdraw");

        Http.Response asked = visitor.postForm("/support/withdraw", Map.of("email", email));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(words(asked.body())).contains("expires in " + SET + ".").doesNotContain("48 hours");
        assertThat(TestMailbox.awaitMessageTo(email, "Withdraw your pledge of support")
                        .body())
                .contains("expires in " + SET + ".");
        Http.Response unusable = visitor.get("/support/withdraw/" + SecretTokens.generate());
        assertThat(unusable.status()).isEqualTo(404);
        assertThat(words(unusable.body())).contains("links last " + SET + " from their email");
    }

    @Test
    void thePrivacyNoticeStatesTheSetLifetimeAsThePagesAndEmailsDo() {
        String notice = words(new Http(port).get("/privacy").body());

        assertThat(notice)
                .containsPattern("Pledges of support never confirmed:[^<]*</th> <td[^>]*>" + SET + " after we emailed"
                        + " them</td>")
                .containsPattern("Links to withdraw pledges of support:[^<]*</th> <td[^>]*>" + SET + " after we"
                        + " emailed the link, unless it is used sooner</td>");
    }

    @Test
    void theLinksLastTheSetLifetime() {
        String email = TestMailbox.uniqueAddress("link-lifetime");
        long pledge = jdbc.sql("""
                        insert into actions.pledge (name, role, ods_code, email, consent_to_contact, created_at,
                            expires_at)
                        values ('Pat Partner', 'NURSE_PARTNER', 'A81001', :email, false, now(), now())
                        returning id
                        """).param("email", email).query(Long.class).single();
        Instant before = Instant.now();

        String confirmation =
                TestMailbox.tokenIn(confirmations.mintConfirmationLink(pledge).orElseThrow());
        String withdrawal = TestMailbox.tokenIn(withdrawals.mintLink(email));

        Instant after = Instant.now();
        for (String table : new String[] {"actions.pledge", "actions.pledge_withdrawal"}) {
            String token = table.endsWith("pledge") ? confirmation : withdrawal;
            Instant expires = jdbc.sql("select expires_at from " + table + " where token_hash = :hash")
                    .param("hash", SecretTokens.hash(token))
                    .query(Timestamp.class)
                    .single()
                    .toInstant();
            assertThat(expires)
                    .as(table)
                    .isBetween(before.plus(Duration.ofMinutes(90)), after.plus(Duration.ofMinutes(90)));
        }
    }

    /** The page's text with its runs of white space as single spaces, as a reader sees it. */
    private static String words(String page) {
        return page.replaceAll("\\s+", " ");
    }
}
