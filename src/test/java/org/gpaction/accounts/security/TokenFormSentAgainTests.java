package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Your account page's token form sent again (a browser reload re-posting it) issues no second token. */
@GpActionTest
class TokenFormSentAgainTests {

    private static final String PASSWORD = "lantern meadow quiver";
    private static final Pattern FORM_KEY = Pattern.compile("name=\"form\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    Http browser;

    @Test
    void theSameFormSentTwiceMakesOneTokenAndTheSecondIsToldItWasMadeAndShownOnce() {
        long id = signedInAccount("token-twice");
        Map<String, String> form = tokenForm(browser.get("/account"), "membership sync");

        Http.Response first = browser.postForm("/account/tokens", form);
        Http.Response again = browser.postForm("/account/tokens", form);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("id=\"new-token\"");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.body())
                .contains("This form was sent before, and its token was made then and shown once")
                .contains("To make another, enter a name and press Create a token")
                .doesNotContain("id=\"new-token\"");
        assertThat(tokensOf(id)).as("tokens made").isOne();

        Http.Response another = browser.postForm("/account/tokens", tokenForm(again, "second script"));
        assertThat(another.status())
                .as("the form the answer shows makes another")
                .isEqualTo(200);
        assertThat(tokensOf(id)).isEqualTo(2);
    }

    @Test
    void aFormKeyThisSessionNeverGaveMakesNoTokenAndSaysTheFormIsOutOfDate() {
        long id = signedInAccount("token-stale");
        browser.get("/account");

        Http.Response refused = browser.postForm(
                "/account/tokens", Map.of("name", "sync", "form", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("This form is out of date, so no token was made")
                .doesNotContain("id=\"new-token\"");
        assertThat(tokensOf(id)).isZero();
    }

    private long signedInAccount(String prefix) {
        String email = TestMailbox.uniqueAddress(prefix);
        long id = staffAccounts
                .create(
                        new CreateStaffCommand(email, PASSWORD, "SCRUTINEER", null, null),
                        TestAdmin.id(staffAccounts),
                        "test")
                .id();
        browser = new Http(port);
        browser.signIn(email, PASSWORD);
        return id;
    }

    /** The token form's fields as the page gives them, with a name typed. */
    private static Map<String, String> tokenForm(Http.Response page, String name) {
        Matcher key = FORM_KEY.matcher(page.body());
        return key.find() ? Map.of("name", name, "form", key.group(1)) : Map.of("name", name);
    }

    private long tokensOf(long id) {
        return jdbc.sql("select count(*) from accounts.api_token where staff_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }
}
