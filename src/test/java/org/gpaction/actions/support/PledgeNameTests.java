package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
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
 * A control character typed into the pledge form (its name, role, ODS code or email address) or the withdrawal form is
 * a problem with that field, not a pledge or an email with the character quietly taken out.
 */
@GpActionTest
class PledgeNameTests {

    /** What the pledge form says of each field with a control character in it. */
    private static final Map<String, String> REFUSALS = Map.of(
            "name", "Your name must not contain control characters",
            "role", "Your role must not contain control characters: choose one of the roles listed",
            "odsCode", "Your practice's ODS code must not contain control characters",
            "email", "Your email address must not contain control characters");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Pledges pledges;

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

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("govuk-error-summary")
                .contains("href=\"#name\">Your name must not contain control characters<");
        assertThat(jdbc.sql("select count(*) from actions.pledge where lower(email) = lower(:email)")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aControlCharacterOrLineBreakInTheRoleOdsCodeOrEmailIsAProblemWithThatField_andNoPledgeIsKeptOrEmailed() {
        String ods = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("pledge-control");
        Map<String, String> typed = Map.of(
                "role",
                "NURSE_PARTNER\u0000",
                "odsCode",
                ods.substring(0, 3) + "\u0007" + ods.substring(3),
                "email",
                email.replace("@", "\n@"));

        eachIsRefusedNamingItsField(
                ods, email, typed, "nothing was kept, not even the details with the character taken out");

        assertThat(TestMailbox.messagesTo(email)).isEmpty();
    }

    @Test
    void aTabOrLineBreakBeforeOrAfterTheNameRoleOdsCodeOrEmailIsAProblemWithThatField_notTrimmedAwayWithTheSpaces() {
        String ods = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("pledge-edge");
        Map<String, String> typed = Map.of(
                "name", "Pat Partner\t", "role", "\nNURSE_PARTNER", "odsCode", " \t" + ods, "email", email + "\r\n ");

        Http visitor = eachIsRefusedNamingItsField(
                ods, email, typed, "nothing was kept, not even the details with the character trimmed away");

        visitor.get("/support/withdraw");
        Http.Response withdrawal = visitor.postForm("/support/withdraw", Map.of("email", "\t" + email));
        assertThat(withdrawal.body())
                .contains("href=\"#email\">Your email address must not contain control characters<");
        assertThat(TestMailbox.messagesTo(email)).isEmpty();
    }

    @Test
    void spacesAroundTheNameRoleOdsCodeAndEmailAreStillTrimmed() {
        String ods = TestPractices.add(jdbc);

        Pledges.PledgeDetails details = pledges.validate(
                "  Pat Partner  ",
                " NURSE_PARTNER ",
                " " + ods.toLowerCase(Locale.ROOT) + " ",
                "  Pat@Example.org ",
                false);

        assertThat(details)
                .isEqualTo(new Pledges.PledgeDetails(
                        "Pat Partner", PartnerRole.NURSE_PARTNER, ods, "pat@example.org", false));
    }

    @Test
    void aControlCharacterInTheWithdrawalFormsEmailIsAProblemWithTheEmail_andNoLinkIsSent() {
        String email = TestMailbox.uniqueAddress("withdraw-control");
        Http visitor = new Http(port);
        visitor.get("/support/withdraw");

        Http.Response refused = visitor.postForm("/support/withdraw", Map.of("email", email + "\u0007"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("govuk-error-summary")
                .contains("href=\"#email\">Your email address must not contain control characters<")
                .contains("aria-describedby=\"email-error\"");
        assertThat(TestMailbox.messagesTo(email)).isEmpty();
    }

    /**
     * Sends the pledge form once for each field {@code typed}, that field as typed and the others a good pledge's, and
     * asserts each is refused naming that field in the words of {@link #REFUSALS}, and that no pledge with the ODS code
     * or email address was kept; returns the visitor who sent them.
     */
    private Http eachIsRefusedNamingItsField(String ods, String email, Map<String, String> typed, String nothingKept) {
        Map<String, String> good =
                Map.of("name", "Pat Partner", "role", "NURSE_PARTNER", "odsCode", ods, "email", email);
        Http visitor = new Http(port);
        visitor.get("/support");

        for (String field : typed.keySet()) {
            Map<String, String> form = new LinkedHashMap<>(good);
            form.put(field, typed.get(field));
            Http.Response refused = visitor.postForm("/support", form);

            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body())
                    .as(field)
                    .contains("govuk-error-summary")
                    .contains("href=\"#" + field + "\">" + REFUSALS.get(field).replace("'", "&#39;") + "<")
                    .containsPattern("aria-describedby=\"(" + field + "-hint )?" + field + "-error\"");
        }
        assertThat(jdbc.sql("select count(*) from actions.pledge where ods_code = :ods or lower(email) = lower(:email)")
                        .param("ods", ods)
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .as(nothingKept)
                .isZero();
        return visitor;
    }
}
