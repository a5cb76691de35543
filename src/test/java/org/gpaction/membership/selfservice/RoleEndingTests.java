package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
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

    private static final String ROLL_LOCK = "select pg_advisory_xact_lock(hashtext('membership.roll'))";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private SelfServiceMembers members() {
        return new SelfServiceMembers(jdbc, port);
    }

    @Test
    void endingARoleAfterAnImportReorderedTheRolesIsRefusedAndChangesNothing() {
        String salariedAt = TestPractices.add(jdbc);
        String partnerAt = TestPractices.add(jdbc);
        String number = members().member();
        members().role(number, 0, "SALARIED", salariedAt, "2021-04-01");
        members().role(number, 1, "CONTRACTOR_PARTNER", partnerAt, "2019-10-01");
        Http member = members().signedIn(number);

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
        assertThat(refused.status())
                .as("a conflict with the roles as they are now")
                .isEqualTo(409);
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

    @Test
    void aBlankOrBadLastDayForARoleChangedMeanwhileIsAskedToBeFixed_notCalledAConflict_andChangesNothing() {
        String practice = TestPractices.add(jdbc);
        String number = members().member();
        members().role(number, 0, "SALARIED", practice, "2021-04-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        // An import corrects the role's first day between the page and the member's answer.
        jdbc.sql("update membership.member_role set role_from = date '2021-03-01' where membership_number = :n")
                .param("n", number)
                .update();
        List<String> before = roles(number);

        Map<String, String> typed = Map.of(
                "", "Enter the last day in the role",
                "30/06/2024", "Enter the date as year-month-day, like 2024-07-23",
                "1850-06-30", "Enter a date between 1900 and 2999, like 2024-07-23");
        typed.forEach((on, problem) -> {
            Http.Response refused = member.postForm(
                    "/my-details/roles/0/end",
                    Map.of("roleTo", on, "role", "SALARIED", "practiceOds", practice, "roleFrom", "2021-04-01"));
            assertThat(refused.status())
                    .as("what was typed is the problem to fix first: '" + on + "'")
                    .isEqualTo(400);
            assertThat(refused.body())
                    .contains(problem)
                    .contains("id=\"roleTo-0-error\"")
                    .doesNotContain("Your roles changed");
        });
        assertThat(roles(number)).as("nothing changed").isEqualTo(before);
        assertThat(versions(number)).isZero();

        Http.Response conflict = member.postForm(
                "/my-details/roles/0/end",
                Map.of("roleTo", "2024-06-30", "role", "SALARIED", "practiceOds", practice, "roleFrom", "2021-04-01"));
        assertThat(conflict.status())
                .as("a good date then meets the change: " + conflict.body())
                .isEqualTo(409);
        assertThat(conflict.body()).contains("Your roles changed: check them and try again");
        assertThat(roles(number)).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aBadLastDayAfterAnImportReorderedTheRolesIsAConflict_notPutOnAnotherRolesRow_andChangesNothing() {
        String salariedAt = TestPractices.add(jdbc);
        String partnerAt = TestPractices.add(jdbc);
        String number = members().member();
        members().role(number, 0, "SALARIED", salariedAt, "2021-04-01");
        members().role(number, 1, "CONTRACTOR_PARTNER", partnerAt, "2019-10-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        // An import writes the roles again in its file's order: the partnership is now on the salaried role's row.
        jdbc.sql("update membership.member_role set position = position + 100 where membership_number = :n")
                .param("n", number)
                .update();
        jdbc.sql("update membership.member_role set position = 101 - position where membership_number = :n")
                .param("n", number)
                .update();
        List<String> before = roles(number);
        assertThat(before.get(0)).startsWith("CONTRACTOR_PARTNER");

        Map<String, String> typed = Map.of(
                "", "No last day was sent: enter the last day in the role.",
                "30/06/2024", "The last day sent needs fixing too. Enter the date as year-month-day, like 2024-07-23.",
                "1850-06-30",
                        "The last day sent needs fixing too. Enter a date between 1900 and 2999, like 2024-07-23.",
                "2024-06-30\t",
                        "The last day sent needs fixing too. Last day in the role must not contain control characters,"
                                + " such as tabs or line breaks.");
        typed.forEach((on, problem) -> {
            Http.Response refused = member.postForm(
                    "/my-details/roles/0/end",
                    Map.of("roleTo", on, "role", "SALARIED", "practiceOds", salariedAt, "roleFrom", "2021-04-01"));
            assertThat(refused.status())
                    .as("the row posted is now the partnership's: '" + on + "'")
                    .isEqualTo(409);
            assertThat(refused.body())
                    .contains("Your roles changed: check them and try again. " + problem)
                    .as("no problem on the partnership's row, which would be fixed and sent as it is")
                    .doesNotContain("id=\"roleTo-0-error\"")
                    .doesNotContain("govuk-input--error");
            if (!on.isBlank()) {
                assertThat(refused.body())
                        .as("the date typed is put on no other role's row")
                        .doesNotContain("value=\"" + on + "\"");
            }
        });
        assertThat(roles(number)).as("nothing changed").isEqualTo(before);
        assertThat(versions(number)).isZero();
    }

    @Test
    void aRoleAddedTwiceWithTheSameDetailsIsRecordedOnce() {
        String practice = TestPractices.add(jdbc);
        String number = members().member();
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        Map<String, String> role =
                Map.of("role", "CONTRACTOR_PARTNER", "practiceOds", practice.toLowerCase(), "roleFrom", "2025-01-01");

        assertThat(member.postForm("/my-details/roles", role).status()).isEqualTo(302);
        Http.Response again = member.postForm("/my-details/roles", role);
        assertThat(again.status()).as("the Add role button pressed twice").isEqualTo(302);
        assertThat(roles(number)).containsExactly("CONTRACTOR_PARTNER " + practice + " 2025-01-01 open");
        assertThat(versions(number)).as("the second press changed nothing").isOne();
    }

    @Test
    void aRoleEndedTwiceOnTheSameDayIsEndedOnce_andTheSecondPressIsNoProblem() {
        String practice = TestPractices.add(jdbc);
        String number = members().member();
        members().role(number, 0, "SALARIED", practice, "2021-04-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        Map<String, String> end =
                Map.of("roleTo", "2024-06-30", "role", "SALARIED", "practiceOds", practice, "roleFrom", "2021-04-01");

        assertThat(member.postForm("/my-details/roles/0/end", end).status()).isEqualTo(302);
        Http.Response again = member.postForm("/my-details/roles/0/end", end);
        assertThat(again.status())
                .as("the End role button pressed twice: " + again.body())
                .isEqualTo(302);
        assertThat(roles(number)).containsExactly("SALARIED " + practice + " 2021-04-01 2024-06-30");
        assertThat(versions(number)).as("the second press changed nothing").isOne();

        Http.Response otherDay = member.postForm(
                "/my-details/roles/0/end",
                Map.of("roleTo", "2024-07-31", "role", "SALARIED", "practiceOds", practice, "roleFrom", "2021-04-01"));
        assertThat(otherDay.status())
                .as("a role ended already cannot be ended on another day")
                .isEqualTo(409);
        assertThat(otherDay.body()).contains("Your roles changed: check them and try again");
        assertThat(roles(number)).containsExactly("SALARIED " + practice + " 2021-04-01 2024-06-30");
    }

    @Test
    void aMalformedLastDayIsAnsweredAtOnce_notAfterAnImportHoldingTheRollHasFinished() throws Exception {
        String practice = TestPractices.add(jdbc);
        String number = members().member();
        members().role(number, 0, "SALARIED", practice, "2021-04-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection importing = holding(dataSource, ROLL_LOCK)) {
            try {
                Future<Http.Response> answer = pool.submit(() -> member.postForm(
                        "/my-details/roles/0/end",
                        Map.of(
                                "roleTo",
                                "30/06/2024",
                                "role",
                                "SALARIED",
                                "practiceOds",
                                practice,
                                "roleFrom",
                                "2021-04-01")));
                assertThat(answer)
                        .as("answered while the roll is still held")
                        .succeedsWithin(Duration.ofSeconds(20))
                        .satisfies(refused -> {
                            assertThat(refused.status()).isEqualTo(400);
                            assertThat(refused.body())
                                    .contains("href=\"#roleTo-0\">Enter the date as year-month-day, like 2024-07-23<");
                        });
            } finally {
                importing.commit();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(roles(number)).containsExactly("SALARIED " + practice + " 2021-04-01 open");
        assertThat(versions(number)).isZero();
    }

    @Test
    void theSameRoleAtTheSamePracticeAddedForAPeriodOverlappingOneHeldIsRefusedNamingBoth_andChangesNothing() {
        String partnerAt = TestPractices.add(jdbc);
        String salariedAt = TestPractices.add(jdbc);
        String number = members().member();
        members().role(number, 0, "CONTRACTOR_PARTNER", partnerAt, "2024-01-01");
        jdbc.sql("update membership.member_role set role_to = date '2024-12-31' where membership_number = :n")
                .param("n", number)
                .update();
        members().role(number, 1, "SALARIED", salariedAt, "2021-04-01");
        Http member = members().signedIn(number);
        member.get("/my-details/edit");
        List<String> before = roles(number);

        Http.Response ended = member.postForm(
                "/my-details/roles",
                Map.of("role", "CONTRACTOR_PARTNER", "practiceOds", partnerAt, "roleFrom", "2024-06-01"));
        assertThat(ended.status()).as(ended.body()).isEqualTo(400);
        assertThat(ended.body())
                .contains("href=\"#roleFrom\">You already hold the role GP contractor or partner at " + partnerAt
                        + " from 2024-01-01 to 2024-12-31, and the one you are adding from 2024-06-01 would overlap"
                        + " it: a role is held once at a time, so choose a first day after 2024-12-31<");

        Http.Response open = member.postForm(
                "/my-details/roles", Map.of("role", "SALARIED", "practiceOds", salariedAt, "roleFrom", "2022-01-01"));
        assertThat(open.status()).as(open.body()).isEqualTo(400);
        assertThat(open.body())
                .contains("href=\"#roleFrom\">You already hold the role Salaried GP at " + salariedAt
                        + " from 2021-04-01 with no end, and the one you are adding from 2022-01-01 would overlap it:"
                        + " a role is held once at a time, and that one has not ended<");
        Http.Response earlier = member.postForm(
                "/my-details/roles", Map.of("role", "SALARIED", "practiceOds", salariedAt, "roleFrom", "2020-01-01"));
        assertThat(earlier.status()).as(earlier.body()).isEqualTo(400);
        assertThat(earlier.body())
                .as("an earlier, finished period of the role held now is not for ending the one held")
                .contains("href=\"#roleFrom\">You already hold the role Salaried GP at " + salariedAt
                        + " from 2021-04-01 with no end. A role added here has no end date, so an earlier period of"
                        + " it, from 2020-01-01, cannot be added here: tell the union its dates and they can record"
                        + " it<")
                .doesNotContain("that one has not ended");
        assertThat(roles(number)).as("nothing changed").isEqualTo(before);
        assertThat(versions(number)).isZero();

        assertThat(member.postForm(
                                "/my-details/roles",
                                Map.of(
                                        "role",
                                        "CONTRACTOR_PARTNER",
                                        "practiceOds",
                                        partnerAt,
                                        "roleFrom",
                                        "2025-01-01"))
                        .status())
                .as("the role held again after it ended")
                .isEqualTo(302);
        assertThat(member.postForm(
                                "/my-details/roles",
                                Map.of("role", "SALARIED", "practiceOds", partnerAt, "roleFrom", "2024-06-01"))
                        .status())
                .as("another role at the practice")
                .isEqualTo(302);
        assertThat(roles(number)).hasSize(4);
    }

    private long versions(String number) {
        return jdbc.sql("select count(*) from membership.member_version where membership_number = :n")
                .param("n", number)
                .query(Long.class)
                .single();
    }

    private List<String> roles(String number) {
        return jdbc.sql("""
                        select role || ' ' || practice_ods || ' ' || role_from || ' ' || coalesce(role_to::text, 'open')
                        from membership.member_role where membership_number = :n order by position
                        """).param("n", number).query(String.class).list();
    }
}
