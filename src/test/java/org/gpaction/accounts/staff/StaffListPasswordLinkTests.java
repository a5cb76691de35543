package org.gpaction.accounts.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sending a password link from the staff list. */
@GpActionTest
class StaffListPasswordLinkTests {

    private static final String PASSWORD = "harbour violet thimble";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    DataSource dataSource;

    @Test
    void aPasswordLinkRefusedForADisabledAccountAnswers409WithTheListAndTheProblem_andSendsNothing() {
        StaffAccount admin = account("admin", "ADMIN");
        StaffAccount disabled = account("disabled", "SCRUTINEER");
        staffAccounts.disable(disabled.id(), admin.id(), admin.email());
        Http list = new Http(port);
        list.signIn(admin.email(), PASSWORD);
        list.get("/admin/staff");

        Http.Response refused = list.postForm("/admin/staff/" + disabled.id() + "/password-reset", Map.of());

        assertThat(refused.status())
                .as("the same request works once the account is enabled: a conflict with its state, not a typing error")
                .isEqualTo(409);
        assertThat(refused.header("location")).isNull();
        assertThat(refused.body())
                .contains("There is a problem")
                .contains("The account is disabled: enable it before sending a password link")
                .contains("Everyone who can sign in");
        assertThat(jdbc.sql("select count(*) from accounts.password_link where staff_id = :id")
                        .param("id", disabled.id())
                        .query(Integer.class)
                        .single())
                .as("no link stored")
                .isZero();
    }

    /**
     * Disabling an account ends the invitation its holder had not yet used, and enabling it does not bring it back: the
     * list says so, and which button sends a new one, instead of saying they can sign in again.
     */
    @Test
    void anAccountEnabledBeforeItsHolderChoseAPasswordIsToldItsInvitationNeedsSendingAgain() {
        StaffAccount admin = account("admin", "ADMIN");
        StaffAccount invited = staffAccounts.create(
                new CreateStaffCommand(TestMailbox.uniqueAddress("never-chose"), null, "SCRUTINEER", null, null),
                admin.id(),
                admin.email());
        staffAccounts.disable(invited.id(), admin.id(), admin.email());
        Http list = new Http(port);
        list.signIn(admin.email(), PASSWORD);
        list.get("/admin/staff");

        Http.Response enabled = list.postForm("/admin/staff/" + invited.id() + "/enable", Map.of());

        assertThat(enabled.status()).as(enabled.body()).isEqualTo(302);
        assertThat(list.get("/admin/staff").body())
                .contains(invited.email() + " is enabled, but the invitation sent before it was disabled no longer"
                        + " works: use Send invitation again to send them a new one")
                .doesNotContain("can sign in again");
    }

    /**
     * The invited person chooses their password while the administrator's send waits for the account's row: the page
     * read the account before that, with no password, but the link sent is a reset, and the message says so.
     */
    @Test
    void aPasswordChosenFromTheInvitationWhileALinkIsSentIsToldAsTheResetLinkThatWasSent() throws Exception {
        StaffAccount admin = account("admin", "ADMIN");
        StaffAccount invited = staffAccounts.create(
                new CreateStaffCommand(TestMailbox.uniqueAddress("invited"), null, "SCRUTINEER", null, null),
                TestAdmin.id(staffAccounts),
                "test");
        assertThat(invited.passwordSet()).isFalse();
        Http list = new Http(port);
        list.signIn(admin.email(), PASSWORD);
        list.get("/admin/staff");
        String held = "select id from accounts.staff where id = $1 and enabled for no key update";
        ExecutorService sender = Executors.newSingleThreadExecutor();
        Http.Response sent;
        try (Connection choosing = dataSource.getConnection()) {
            choosing.setAutoCommit(false);
            try (PreparedStatement chosen =
                    choosing.prepareStatement("update accounts.staff set password_set = true where id = ?")) {
                chosen.setLong(1, invited.id());
                assertThat(chosen.executeUpdate()).isEqualTo(1);
            }
            Future<Http.Response> sending =
                    sender.submit(() -> list.postForm("/admin/staff/" + invited.id() + "/password-reset", Map.of()));
            await().atMost(Duration.ofSeconds(60)).until(() -> LockWaits.waiting(jdbc, held) >= 1);
            choosing.commit();
            sent = sending.get(60, TimeUnit.SECONDS);
        } finally {
            sender.shutdownNow();
        }

        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        TestMailbox.awaitMessageTo(invited.email(), "Choose a new GP Action password");
        assertThat(list.get("/admin/staff").body())
                .contains("A link to choose a new password is on its way to " + invited.email())
                .doesNotContain("A new invitation is on its way");
    }

    private StaffAccount account(String prefix, String role) {
        return staffAccounts.create(
                new CreateStaffCommand(TestMailbox.uniqueAddress(prefix), PASSWORD, role, null, null),
                TestAdmin.id(staffAccounts),
                "test");
    }
}
