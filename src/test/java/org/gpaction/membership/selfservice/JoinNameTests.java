package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Names typed into the joining form with a control character in them are problems with those names. */
@GpActionTest
class JoinNameTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNulOrABellInANameIsShownAsAProblemWithThatName_andNoRequestIsTaken() {
        String email = "join-nul." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response refused = browser.postForm(
                "/join",
                Map.of(
                        "givenName", "Sam\u0000",
                        "familyName", "Ri\u0007vers",
                        "gmcNumber", "7654321",
                        "email", email,
                        "role", "SALARIED",
                        "practiceOds", TestPractices.add(jdbc)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.body())
                .contains("href=\"#givenName\">First name must not contain control characters<")
                .contains("href=\"#familyName\">Last name must not contain control characters<");
        assertThat(jdbc.sql("""
                        select (select count(*) from membership.joining_inbox where details->>'email' = :email)
                            + (select count(*) from membership.joining_request where details->>'email' = :email)
                        """).param("email", email).query(Integer.class).single())
                .isZero();
    }
}
