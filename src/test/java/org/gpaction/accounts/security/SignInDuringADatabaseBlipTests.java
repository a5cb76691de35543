package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The failed-attempts table failing for real, for this test's accounts only (a trigger that raises an error on the
 * rows counted under their subjects), while staff sign in or change their password: before the password is checked the try is refused as not
 * available, not as wrong, and nothing is changed or counted; after it proved right the sign-in or change stands.
 */
@GpActionTest
class SignInDuringADatabaseBlipTests {

    static final String PASSWORD = "quarry lantern bellflower";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    SignInThrottle throttle;

    @Autowired
    DataSource dataSource;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Counting a try fails for accounts made as blip-count-…, clearing their count for blip-clear-…. */
    @BeforeEach
    void breakTheThrottleForThisTestsAccounts() {
        jdbc.sql("create table if not exists common.blip_accounts_%1$s (subject text primary key, fails text not null)"
                        .formatted(run))
                .update();
        jdbc.sql("""
                        create function common.blip_%1$s() returns trigger language plpgsql as $$
                        begin
                            if (tg_op = 'INSERT' and exists (select 1 from common.blip_accounts_%1$s
                                        where subject = new.subject and fails = 'count'))
                                    or (tg_op = 'DELETE' and exists (select 1 from common.blip_accounts_%1$s
                                        where subject = old.subject and fails = 'clear')) then
                                raise exception 'the database is not answering';
                            end if;
                            return coalesce(new, old);
                        end
                        $$
                        """.formatted(run)).update();
        jdbc.sql(
                        "create trigger blip_%1$s before insert or delete on common.failed_attempt for each row execute function common.blip_%1$s()"
                                .formatted(run))
                .update();
    }

    void mendIt() {
        jdbc.sql("drop trigger if exists blip_%1$s on common.failed_attempt".formatted(run))
                .update();
        jdbc.sql("drop function if exists common.blip_%1$s()".formatted(run)).update();
    }

    @AfterEach
    void mendItAndForgetTheAccounts() {
        mendIt();
        jdbc.sql("drop table if exists common.blip_accounts_%1$s".formatted(run))
                .update();
    }

    @Test
    void aSignInTheThrottleCannotCountIsToldToTryAgainShortlyAndNothingIsCounted() {
        String email = account("blip-count");
        Http browser = new Http(port);
        browser.get("/sign-in");

        Http.Response page = browser.postForm("/sign-in", Map.of("email", email, "password", PASSWORD));

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.header("retry-after")).isEqualTo("60");
        assertThat(page.body())
                .contains("Signing in is not available just now")
                .contains("try again in a minute")
                .doesNotContain("Enter a correct email address and password")
                .doesNotContain("Exception")
                .doesNotContain("not answering");

        Http.Response token = new Http(port).postJson("/api/tokens", Map.of("email", email, "password", "wrong"));
        assertThat(token.status()).isEqualTo(503);
        assertThat(token.header("retry-after")).isEqualTo("60");
        assertThat(token.json().get("detail").asString()).contains("Nothing was counted against you");

        assertThat(counted(email)).isZero();
        mendIt();
        assertThat(new Http(port).signIn(email, PASSWORD).body()).doesNotContain("Sign in</h1>");
    }

    /**
     * Every connection of the pool held by this test, so that the try's transaction cannot get one (the pool's wait,
     * 10 seconds, ends in a failure to begin the transaction, not a failed statement).
     */
    @Test
    void aTokenAskedForWhenNoDatabaseConnectionCanBeHadIsToldToTryAgainShortlyAndNothingIsCounted() throws Exception {
        String email = account("blip-none");
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        List<Connection> held = new ArrayList<>();
        Http.Response token;
        try {
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(dataSource.getConnection());
            }
            token = new Http(port).postJson("/api/tokens", Map.of("email", email, "password", PASSWORD));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }

        assertThat(token.status()).as(token.body()).isEqualTo(503);
        assertThat(token.header("retry-after")).isEqualTo("60");
        assertThat(token.json().get("detail").asString()).contains("Nothing was counted against you");
        assertThat(token.body()).doesNotContain("Exception").doesNotContain("Connection");
        assertThat(counted(email)).isZero();
        assertThat(new Http(port)
                        .postJson("/api/tokens", Map.of("email", email, "password", PASSWORD))
                        .status())
                .as("once connections can be had, the same request is answered")
                .isEqualTo(201);
    }

    @Test
    void aRightPasswordSignsInWhenItsFailuresCannotBeCleared() {
        String email = account("blip-clear");
        Http browser = new Http(port);
        browser.get("/sign-in");

        Http.Response signedIn = browser.postForm("/sign-in", Map.of("email", email, "password", PASSWORD));

        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.header("location")).doesNotContain("/sign-in");
        assertThat(counted(email))
                .as("this try's count, which could not be cleared")
                .isEqualTo(1);
        assertThat(browser.get("/account").status()).isEqualTo(200);
    }

    @Test
    void aPasswordChangeTheThrottleCannotCountIsToldToTryAgainShortlyAndChangesNothing() {
        String email = account("blip-count");
        Http browser = signedInWhileTheDatabaseAnswers(email);
        browser.get("/account/password");

        Http.Response page = browser.postForm(
                "/account/password",
                Map.of(
                        "currentPassword", PASSWORD,
                        "newPassword", "orchard lantern pebble",
                        "confirmPassword", "orchard lantern pebble"));

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.header("retry-after")).isEqualTo("60");
        assertThat(page.body())
                .contains("Your password cannot be changed just now")
                .contains("try again in a minute")
                .doesNotContain("Enter your current password correctly")
                .doesNotContain("give them this reference")
                .doesNotContain("Exception")
                .doesNotContain("not answering");
        assertThat(counted(email)).isZero();
        assertThat(browser.get("/account").status()).as("still signed in").isEqualTo(200);
        mendIt();
        assertThat(new Http(port).signIn(email, PASSWORD).body())
                .as("the old password still opens the account")
                .doesNotContain("Sign in</h1>");
    }

    @Test
    void aPasswordChangeStandsWhenItsFailuresCannotBeCleared() {
        String email = account("blip-clear");
        Http browser = new Http(port);
        browser.signIn(email, PASSWORD);
        browser.get("/account/password");

        Http.Response changed = browser.postForm(
                "/account/password",
                Map.of(
                        "currentPassword", PASSWORD,
                        "newPassword", "orchard lantern pebble",
                        "confirmPassword", "orchard lantern pebble"));

        assertThat(changed.status()).as(changed.body()).isEqualTo(302);
        assertThat(browser.get("/account").body()).contains("Your password is changed");
        mendIt();
        assertThat(new Http(port).signIn(email, "orchard lantern pebble").body())
                .as("the new password opens the account")
                .doesNotContain("Sign in</h1>");
    }

    /** Signed in with the throttle mended, then broken again: the sign-in itself would be refused otherwise. */
    private Http signedInWhileTheDatabaseAnswers(String email) {
        mendIt();
        Http browser = new Http(port);
        assertThat(browser.signIn(email, PASSWORD).body()).doesNotContain("Sign in</h1>");
        breakTheThrottleForThisTestsAccounts();
        return browser;
    }

    private String account(String prefix) {
        String email = prefix + "-" + run + "-" + UUID.randomUUID().toString().substring(0, 8) + "@gpaction.test";
        staffAccounts.create(
                new CreateStaffCommand(email, PASSWORD, "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "test");
        jdbc.sql("insert into common.blip_accounts_%1$s (subject, fails) values (:subject, :fails)".formatted(run))
                .param("subject", throttle.subject(email))
                .param("fails", prefix.substring("blip-".length()))
                .update();
        return email;
    }

    private long counted(String email) {
        return jdbc.sql(
                        "select count(*) from common.failed_attempt where kind = 'SIGN_IN_ACCOUNT' and subject = :subject")
                .param("subject", throttle.subject(email))
                .query(Long.class)
                .single();
    }
}
