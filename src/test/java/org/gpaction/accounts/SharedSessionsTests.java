package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gpaction.GpActionApplication;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances of the application on one database, as behind a load balancer: a page session made through one is
 * honoured by the other, and ending it through either ends it on both.
 */
@GpActionTest
class SharedSessionsTests {

    static final String PASSWORD = "harbour violet chimney";

    static ConfigurableApplicationContext other;
    static int otherPort;

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    String email;
    long id;

    @BeforeAll
    static void aSecondInstance() {
        other = new SpringApplicationBuilder(GpActionApplication.class)
                .run(
                        "--server.port=0",
                        "--gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
                        "--gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
                        "--gpaction.accounts.failures-per-address=100000");
        otherPort = other.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    static void stopTheSecondInstance() {
        other.close();
    }

    @BeforeEach
    void aReceptionistAccount() {
        email = StaffApiTests.unique("two-instances");
        id = staffAccounts
                .create(
                        new CreateStaffCommand(email, PASSWORD, "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                        TestAdmin.id(staffAccounts),
                        "test")
                .id();
    }

    @Test
    void aPersonSignedInThroughOneInstanceIsSignedInOnTheOther() {
        Http first = new Http(port);
        Http second = first.sameBrowserOn(otherPort);

        first.signIn(email, PASSWORD);

        Http.Response account = second.get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).contains(email);
        assertThat(sessionsOf(email)).isEqualTo(1);
    }

    @Test
    void aFormFromOneInstanceIsAcceptedByTheOtherAndItsMessageShownByTheFirst() {
        Http first = new Http(port);
        first.signIn(email, PASSWORD);
        first.get("/account/password");
        Http second = first.sameBrowserOn(otherPort);

        // The CSRF token the first instance put in the form is checked by the second against the shared session.
        Http.Response changed = second.postForm(
                "/account/password",
                Map.of(
                        "currentPassword", PASSWORD,
                        "newPassword", "orchard lantern pebble",
                        "confirmPassword", "orchard lantern pebble"));

        assertThat(changed.status()).isEqualTo(302);
        assertThat(changed.header("location")).endsWith("/account");
        assertThat(first.get("/account").body()).contains("Your password is changed");
    }

    @Test
    void signingOutThroughOneInstanceEndsTheSessionOnBoth() {
        Http first = new Http(port);
        Http second = first.sameBrowserOn(otherPort);
        first.signIn(email, PASSWORD);
        assertThat(second.get("/account").status()).isEqualTo(200);

        assertThat(second.postForm("/sign-out", Map.of()).status()).isEqualTo(302);

        assertThat(first.get("/account").status()).isEqualTo(302);
        assertThat(second.get("/account").status()).isEqualTo(302);
        assertThat(sessionsOf(email)).isZero();
    }

    @Test
    void disablingAnAccountDeletesItsSessionsForEveryInstance() {
        Http throughFirst = new Http(port);
        Http throughSecond = new Http(otherPort);
        throughFirst.signIn(email, PASSWORD);
        throughSecond.signIn(email, PASSWORD);
        assertThat(sessionsOf(email)).isEqualTo(2);

        staffAccounts.disable(id, TestAdmin.id(staffAccounts), "test");

        assertThat(sessionsOf(email)).isZero();
        assertThat(throughFirst.get("/account").status()).isEqualTo(302);
        assertThat(throughSecond.get("/account").status()).isEqualTo(302);
    }

    @Test
    void aSessionLastsAsLongAsTheConfiguredTimeout() {
        new Http(port).signIn(email, PASSWORD);

        assertThat(jdbc.sql("select max_inactive_interval from accounts.page_session where principal_name = :email")
                        .param("email", email)
                        .query(Integer.class)
                        .single())
                .isEqualTo(30 * 60);
    }

    private long sessionsOf(String email) {
        return jdbc.sql("select count(*) from accounts.page_session where principal_name = :email")
                .param("email", email)
                .query(Long.class)
                .single();
    }
}
