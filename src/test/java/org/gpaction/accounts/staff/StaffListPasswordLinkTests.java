package org.gpaction.accounts.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
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

    private StaffAccount account(String prefix, String role) {
        return staffAccounts.create(
                new CreateStaffCommand(TestMailbox.uniqueAddress(prefix), PASSWORD, role, null, null), "test");
    }
}
