package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
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
 * Names, email addresses, GMC numbers and ODS codes typed into the joining form with a control character in them are
 * problems with those fields, never quietly mended.
 */
@GpActionTest
class JoinNameTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JoiningWorker worker;

    @Test
    void aNulOrABellInANameIsShownAsAProblemWithThatName_andNoRequestIsTaken() {
        String email = "join-nul." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response refused =
                browser.postForm("/join", form("Sam\u0000", "Ri\u0007vers", "7654321", email, TestPractices.add(jdbc)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#givenName\">First name must not contain control characters<")
                .contains("href=\"#familyName\">Last name must not contain control characters<");
        assertThat(requestsAndEmailsFor(email)).isZero();
    }

    @Test
    void aNulInTheEmailALineBreakInTheGmcNumberAndABellInTheOdsCodeAreEachShownAsAProblem_andNothingIsTakenOrSent() {
        String email = "join-ctl." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String gmc = unusedGmcNumber();
        String practice = TestPractices.add(jdbc);
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response refused = browser.postForm(
                "/join",
                form(
                        "Sam",
                        "Rivers",
                        gmc.substring(0, 4) + "\n" + gmc.substring(4),
                        email.replace("@", "\u0000@"),
                        practice.substring(0, 3) + "\u0007" + practice.substring(3)));
        worker.actOnWaiting();

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#gmcNumber\">GMC number must not contain control characters, such as tabs or"
                        + " line breaks<")
                .contains("href=\"#email\">Email address must not contain control characters, such as tabs or"
                        + " line breaks<")
                .contains("href=\"#practiceOds\">ODS code must not contain control characters, such as tabs or"
                        + " line breaks<");
        assertThat(requestsAndEmailsFor(email)).isZero();
    }

    @Test
    void aLineBreakAfterTheEmailAddressIsAProblemWithIt_notTrimmedAway() {
        String email = "join-crlf." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response refused = browser.postForm(
                "/join", form("Sam", "Rivers", unusedGmcNumber(), email + "\r\n", TestPractices.add(jdbc)));
        worker.actOnWaiting();

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#email\">Email address must not contain control characters, such as tabs or"
                        + " line breaks<");
        assertThat(requestsAndEmailsFor(email)).isZero();
    }

    @Test
    void aLineBreakAtTheStartOrEndOfANameIsAProblemWithThatName_notTrimmedAway() {
        String email = "join-name-lf." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response refused = browser.postForm(
                "/join", form("\nSam", "Rivers\r\n", unusedGmcNumber(), email, TestPractices.add(jdbc)));
        worker.actOnWaiting();

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("href=\"#givenName\">First name must not contain control characters<")
                .contains("href=\"#familyName\">Last name must not contain control characters<");
        assertThat(requestsAndEmailsFor(email)).isZero();
    }

    @Test
    void spacesAroundANameAreStillTrimmed_andTheRequestTaken() {
        String email = "join-name-spaces." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response taken = browser.postForm(
                "/join", form("  Sam ", " Rivers  ", unusedGmcNumber(), email, TestPractices.add(jdbc)));

        assertThat(taken.body()).contains("Check your email");
        assertThat(jdbc.sql("""
                        select (details->>'givenName') || '|' || (details->>'familyName') from membership.joining_inbox
                        where details->>'email' = :email
                        union all
                        select (details->>'givenName') || '|' || (details->>'familyName') from membership.joining_request
                        where details->>'email' = :email
                        """).param("email", email).query(String.class).list())
                .containsExactly("Sam|Rivers");
    }

    @Test
    void spacesAroundTheEmailGmcNumberAndOdsCodeAreStillTrimmed_andTheRequestTaken() {
        String email = "join-spaces." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String gmc = unusedGmcNumber();
        String practice = TestPractices.add(jdbc);
        Http browser = new Http(port);
        browser.get("/join");

        Http.Response taken = browser.postForm(
                "/join",
                form(
                        "Sam",
                        "Rivers",
                        " " + gmc.substring(0, 3) + " " + gmc.substring(3) + " ",
                        "  " + email + " ",
                        " " + practice.toLowerCase(Locale.ROOT) + " "));

        assertThat(taken.body()).contains("Check your email");
        assertThat(jdbc.sql("""
                        select details->>'gmcNumber' || ' ' || (details->>'practiceOds') from membership.joining_inbox
                        where details->>'email' = :email
                        union all
                        select details->>'gmcNumber' || ' ' || (details->>'practiceOds') from membership.joining_request
                        where details->>'email' = :email
                        """).param("email", email).query(String.class).list())
                .containsExactly(gmc + " " + practice);
    }

    /** The joining form as typed, for a salaried GP: only the fields a test types differently vary. */
    private static Map<String, String> form(
            String givenName, String familyName, String gmcNumber, String email, String practiceOds) {
        return Map.of(
                "givenName",
                givenName,
                "familyName",
                familyName,
                "gmcNumber",
                gmcNumber,
                "email",
                email,
                "role",
                "SALARIED",
                "practiceOds",
                practiceOds);
    }

    /** One no member holds, so the request is answered with a link to the address typed. */
    private static String unusedGmcNumber() {
        return String.valueOf(2000000 + ThreadLocalRandom.current().nextInt(7000000));
    }

    private int requestsAndEmailsFor(String email) {
        return jdbc.sql("""
                        select (select count(*) from membership.joining_inbox where details->>'email' = :email)
                            + (select count(*) from membership.joining_request where details->>'email' = :email)
                            + (select count(*) from notifications.outbox where recipient = :email)
                        """).param("email", email).query(Integer.class).single();
    }
}
