package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A member ends the role they saw on their page, or nothing, whatever an import did to their roles meanwhile. */
@GpActionTest
class RoleEndingTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void endingARoleAfterAnImportReorderedTheRolesIsRefusedAndChangesNothing() {
        String salariedAt = TestPractices.add(jdbc);
        String partnerAt = TestPractices.add(jdbc);
        String number = member();
        role(number, 0, "SALARIED", salariedAt, "2021-04-01");
        role(number, 1, "CONTRACTOR_PARTNER", partnerAt, "2019-10-01");
        Http member = signedIn(number);

        String page = member.get("/my-details/edit").body();
        assertThat(page)
                .as("each end form names the role it ends")
                .contains("name=\"role\" value=\"SALARIED\"")
                .contains("name=\"practiceOds\" value=\"" + salariedAt + "\"")
                .contains("name=\"roleFrom\" value=\"2021-04-01\"");

        // An import writes the roles again in its file's order, between the page and the member's answer.
        jdbc.sql("update membership.member_role set position = position + 100 where membership_number = :n")
                .param("n", number)
                .update();
        jdbc.sql("update membership.member_role set position = 101 - position where membership_number = :n")
                .param("n", number)
                .update();
        List<String> before = roles(number);
        assertThat(before.get(0)).startsWith("CONTRACTOR_PARTNER");

        Http.Response refused = member.postForm(
                "/my-details/roles/0/end",
                Map.of(
                        "roleTo", "2024-06-30",
                        "role", "SALARIED",
                        "practiceOds", salariedAt,
                        "roleFrom", "2021-04-01"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<h2 class=\"govuk-error-summary__title\">There is a problem</h2>")
                .contains("Your roles changed: check them and try again");
        assertThat(roles(number)).as("nothing changed").isEqualTo(before);

        Http.Response ended = member.postForm(
                "/my-details/roles/1/end",
                Map.of(
                        "roleTo", "2024-06-30",
                        "role", "SALARIED",
                        "practiceOds", salariedAt,
                        "roleFrom", "2021-04-01"));
        assertThat(ended.status()).isEqualTo(302);
        assertThat(roles(number))
                .containsExactly(
                        "CONTRACTOR_PARTNER " + partnerAt + " 2019-10-01 open",
                        "SALARIED " + salariedAt + " 2021-04-01 2024-06-30");
    }

    private String member() {
        String number = "ROLES" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Given', 'Roles', lower(:n) || '@role-ending.test', 'ACTIVE',
                            date '2015-01-01', date '2015-01-01', :now)
                        """)
                .param("n", number)
                .param("gmc", String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        return number;
    }

    private void role(String number, int position, String role, String practice, String from) {
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        values (:n, :position, :role, :practice, :from)
                        """)
                .param("n", number)
                .param("position", position)
                .param("role", role)
                .param("practice", practice)
                .param("from", Date.valueOf(LocalDate.parse(from)))
                .update();
    }

    private Http signedIn(String number) {
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into membership.details_link (token_hash, membership_number, created_at, expires_at)
                        values (:hash, :n, now(), now() + interval '30 minutes')
                        """).param("hash", SecretTokens.hash(token)).param("n", number).update();
        Http member = new Http(port);
        member.get("/my-details/sign-in/" + token);
        assertThat(member.postForm("/my-details/sign-in/" + token, Map.of()).status())
                .isEqualTo(302);
        return member;
    }

    private List<String> roles(String number) {
        return jdbc.sql("""
                        select role || ' ' || practice_ods || ' ' || role_from || ' ' || coalesce(role_to::text, 'open')
                        from membership.member_role where membership_number = :n order by position
                        """).param("n", number).query(String.class).list();
    }
}
