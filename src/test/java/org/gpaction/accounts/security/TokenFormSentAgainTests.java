package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    @Autowired
    PlatformTransactionManager transactions;

    Http browser;

    /** The accounts this test made, each enabled with a known password and holding live tokens. */
    final List<Long> accountsMade = new ArrayList<>();

    /** No account is left behind in the shared database that anyone could sign in to, nor its tokens. */
    @AfterEach
    void deleteAccountsMade() {
        for (long id : accountsMade) {
            jdbc.sql("""
                            delete from accounts.page_session
                            where principal_name = (select email from accounts.staff where id = :id)
                            """).param("id", id).update();
            jdbc.sql("delete from accounts.staff where id = :id")
                    .param("id", id)
                    .update();
        }
    }

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

    /** A refused name makes no token, so sending that form again is judged again: the name is refused, not 409. */
    @Test
    void aFormWhoseNameWasRefusedSentAgainIsToldAboutTheNameAgainNotThatItsTokenWasMade() {
        long id = signedInAccount("token-refused");
        Map<String, String> form = tokenForm(browser.get("/account"), "n".repeat(ApiTokens.MAX_NAME_LENGTH + 1));

        Http.Response refused = browser.postForm("/account/tokens", form);
        Http.Response again = browser.postForm("/account/tokens", form);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(again.status()).as(again.body()).isEqualTo(400);
        assertThat(again.body())
                .contains("Token name must be " + ApiTokens.MAX_NAME_LENGTH + " characters or fewer")
                .doesNotContain("This form was sent before");
        assertThat(tokensOf(id)).isZero();
    }

    /**
     * One form sent twice at once (a reload while the first sending is still loading): both sendings read the session
     * before either ends, and one token is made. The test holds the account's row, which issuing a token waits for,
     * until both are waiting.
     */
    @Test
    void theSameFormSentTwiceAtOnceMakesOneToken() throws Exception {
        long id = signedInAccount("token-at-once");
        Map<String, String> form = tokenForm(browser.get("/account"), "overlapping");
        ExecutorService tabs = Executors.newFixedThreadPool(2);
        try {
            List<Future<Http.Response>> sent = new TransactionTemplate(transactions).execute(status -> {
                jdbc.sql("select id from accounts.staff where id = :id for update")
                        .param("id", id)
                        .query(Long.class)
                        .single();
                int holder = LockWaits.thisBackend(jdbc);
                List<Future<Http.Response>> posts = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    posts.add(tabs.submit(() -> browser.postForm("/account/tokens", form)));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> LockWaits.waitingBehind(jdbc, holder) >= 2);
                return posts;
            });
            List<Integer> statuses = new ArrayList<>();
            for (Future<Http.Response> answer : sent) {
                Http.Response response = answer.get(60, TimeUnit.SECONDS);
                statuses.add(response.status());
                if (response.status() == 409) {
                    assertThat(response.body())
                            .contains("This form was sent before, and its token was made then and shown once")
                            .doesNotContain("id=\"new-token\"");
                }
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            tabs.shutdownNow();
        }
        assertThat(tokensOf(id)).as("tokens made").isOne();
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
        accountsMade.add(id);
        browser = new Http(port);
        browser.signIn(email, PASSWORD);
        return id;
    }

    /** The token form's fields as the page gives them, with a name typed. */
    private static Map<String, String> tokenForm(Http.Response page, String name) {
        Matcher key = FORM_KEY.matcher(page.body());
        assertThat(key.find()).as("the page's token form carries its key").isTrue();
        return Map.of("name", name, "form", key.group(1));
    }

    private long tokensOf(long id) {
        return jdbc.sql("select count(*) from accounts.api_token where staff_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }
}
