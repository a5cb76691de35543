package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A name typed into the pledge form with a control character in it is a problem with the name, not a pledge. */
@GpActionTest
class PledgeNameTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNulInTheNameIsShownAsAProblemWithTheName_andNoPledgeIsKeptOrEmailed() {
        String email = TestMailbox.uniqueAddress("pledge-nul");
        Http visitor = new Http(port);
        visitor.get("/support");

        Http.Response refused = visitor.postForm(
                "/support",
                Map.of(
                        "name",
                        "Pat\u0000 Partner",
                        "role",
                        "NURSE_PARTNER",
                        "odsCode",
                        TestPractices.add(jdbc),
                        "email",
                        email));

        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.body())
                .contains("govuk-error-summary")
                .contains("href=\"#name\">Your name must not contain control characters<");
        assertThat(jdbc.sql("select count(*) from actions.pledge where lower(email) = lower(:email)")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
