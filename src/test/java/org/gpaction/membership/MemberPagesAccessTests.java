package org.gpaction.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Membership is special category data: only administrators and scrutineers see members. */
@GpActionTest
class MemberPagesAccessTests {

    static final String PASSWORD = "copper willow thistle";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void scrutineersSeeMembersButCannotImport() {
        Http scrutineer = signedIn("SCRUTINEER", List.of(), null);
        int listedBefore = listed();
        assertThat(scrutineer.get("/members").status()).isEqualTo(200);
        assertThat(listed() - listedBefore)
                .as("each member listed is a view of their record, in the audit log")
                .isEqualTo(Math.min(
                        50,
                        jdbc.sql("select count(*) from membership.member")
                                .query(Integer.class)
                                .single()));
        assertThat(scrutineer.get("/members?q=a%00b").status())
                .as("a NUL typed into the search is dropped, not sent to PostgreSQL")
                .isEqualTo(200);
        assertThat(scrutineer.get("/admin/members/import").status()).isEqualTo(403);
        assertThat(scrutineer.get("/admin/members/audit").status()).isEqualTo(403);
    }

    private int listed() {
        return jdbc.sql("select count(*) from membership.audit_log where detail = 'Listed on the members page'")
                .query(Integer.class)
                .single();
    }

    @Test
    void practiceStaffAndLmcOfficersCannotSeeMembers() {
        Http manager = signedIn("PRACTICE_MANAGER", List.of(TestPractices.add(jdbc)), null);
        assertThat(manager.get("/members").status()).isEqualTo(403);
        assertThat(manager.get("/members/ANY1").status()).isEqualTo(403);
        Http officer = signedIn("LMC_OFFICER", List.of(), TestPractices.addLmc(jdbc));
        assertThat(officer.get("/members").status()).isEqualTo(403);
    }

    @Test
    void nobodySignedOutSeesMembersButAnyoneCanJoinOrAskToUpdateTheirDetails() {
        Http anonymous = new Http(port);
        assertThat(anonymous.get("/members").status()).isEqualTo(302);
        assertThat(anonymous.get("/join").status()).isEqualTo(200);
        assertThat(anonymous.get("/my-details").status()).isEqualTo(200);
        assertThat(anonymous.postForm("/my-details", Map.of("email", " ")).body())
                .as("the one problem, linked to the field that fixes it")
                .contains("<h2 class=\"govuk-error-summary__title\">There is a problem</h2>")
                .contains("<a href=\"#email\">Enter the email address your membership uses</a>");
        assertThat(anonymous.get("/my-details/edit").status())
                .as("no member signed in: back to the start")
                .isEqualTo(302);
        assertThat(anonymous.get("/join/confirm/not-a-real-token").status()).isEqualTo(404);
    }

    Http signedIn(String role, List<String> practices, String lmc) {
        String email = role.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 8) + "@staff.test";
        staffAccounts.create(
                new CreateStaffCommand(email, PASSWORD, role, practices, lmc), TestAdmin.id(staffAccounts), "test");
        Http http = new Http(port);
        http.signIn(email, PASSWORD);
        return http;
    }
}
