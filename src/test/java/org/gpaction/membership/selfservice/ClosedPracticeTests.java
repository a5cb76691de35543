package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A role cannot begin at a practice that had closed by its first day (one that merged closed under its old code): the
 * GP is asked for the practice they work at, rather than joining or changing practice onto a role no ballot's roll
 * counts.
 */
@GpActionTest
class ClosedPracticeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JoiningWorker worker;

    @Test
    void joiningAtAPracticeThatHasClosedIsRefusedNamingTheClosure_andNoRequestIsTaken() {
        String email = "join-closed." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String closed = TestPractices.add(jdbc, "ENGLAND", "CLOSED", "GMS", "2017-10-31");
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response refused = browser.postForm("/join", joinForm(email, closed));
        worker.actOnWaiting();

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<title>Error: ")
                .contains("href=\"#practiceOds\">Practice " + closed
                        + " was last open on 31 October 2017: enter the ODS code");
        assertThat(requestsAndEmailsFor(email)).isZero();
    }

    @Test
    void joiningAtAPracticeWhoseClosureIsStillToComeIsTaken() {
        String email = "join-closing." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String closing = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", "2999-12-31");
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response taken = browser.postForm("/join", joinForm(email, closing));

        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertThat(taken.body()).contains("Check your email");
    }

    @Test
    void aRoleFromADayItsPracticeHadClosedByIsRefused_butOneHeldThereBeforeItClosedIsRecorded() {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String number = members.member();
        String closed = TestPractices.add(jdbc, "ENGLAND", "CLOSED", "GMS", "2017-10-31");
        Http member = members.signedIn(number);
        member.get("/my-details/edit");

        Http.Response refused = member.postForm(
                "/my-details/roles",
                Map.of("role", "CONTRACTOR_PARTNER", "practiceOds", closed, "roleFrom", "2024-07-23"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<title>Error: ")
                .contains("href=\"#practiceOds\">Practice " + closed
                        + " was last open on 31 October 2017: enter the ODS code")
                .contains("id=\"practiceOds-error\"");
        assertThat(rolesOf(number)).as("nothing recorded").isZero();

        Http.Response earlier = member.postForm(
                "/my-details/roles",
                Map.of("role", "CONTRACTOR_PARTNER", "practiceOds", closed, "roleFrom", "2017-10-31"));

        assertThat(earlier.status()).as(earlier.body()).isEqualTo(302);
        assertThat(rolesOf(number)).isOne();
    }

    private static Map<String, String> joinForm(String email, String practiceOds) {
        return Map.of(
                "givenName",
                "Sam",
                "familyName",
                "Rivers",
                "gmcNumber",
                String.valueOf(2000000 + ThreadLocalRandom.current().nextInt(7000000)),
                "email",
                email,
                "role",
                "CONTRACTOR_PARTNER",
                "practiceOds",
                practiceOds);
    }

    private int rolesOf(String number) {
        return jdbc.sql("select count(*) from membership.member_role where membership_number = :n")
                .param("n", number)
                .query(Integer.class)
                .single();
    }

    private int requestsAndEmailsFor(String email) {
        return jdbc.sql("""
                        select (select count(*) from membership.joining_inbox where details->>'email' = :email)
                            + (select count(*) from membership.joining_request where details->>'email' = :email)
                            + (select count(*) from notifications.outbox where recipient = :email)
                        """).param("email", email).query(Integer.class).single();
    }
}
