package org.gpaction.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@GpActionTest
class MembershipApiTests {

    static final String HEADER =
            "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,joined_on,role,practice_ods,role_from,role_to\n";
    static final String CUT_OFF = "2024-07-23T22:59:59Z";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http http;
    String adminToken;
    String gms;
    String apms;
    String wales;
    String prefix;
    int gmcBase;

    @BeforeEach
    void practicesAndAnAdmin() {
        http = new Http(port);
        adminToken = http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        gms = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        apms = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "APMS", null);
        wales = TestPractices.add(jdbc, "WALES", "ACTIVE", "GMS", null);
        prefix = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        gmcBase = 1000000 + (int) (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 8000000);
    }

    @Test
    void aMembershipFileImportsAndEligibilityIsExplainedForEachMember() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", apms, "2016-01-01", "")
                + row(3, "TRIAL", "2024-07-01", "2024-07-01", "CONTRACTOR_PARTNER", wales, "2024-07-01", "")
                + row(4, "LAPSED", "2024-08-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "2024-07-31")
                + row(5, "ACTIVE", "2015-04-01", "2015-04-01", "LOCUM", "", "2016-01-01", "");
        Http.Response imported = importCsv(file);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("created").asInt()).isEqualTo(5);
        assertThat(imported.json().get("rowsRead").asInt()).isEqualTo(6);

        assertThat(eligibility(1, "GP_PARTNERS_ENGLAND").get("eligible").asBoolean())
                .isTrue();
        JsonNode apmsAndSalaried = eligibility(2, "GP_PARTNERS_ENGLAND");
        assertThat(apmsAndSalaried.get("eligible").asBoolean()).isFalse();
        assertThat(apmsAndSalaried.get("reasons").toString()).contains("APMS");
        assertThat(eligibility(2, "GP_MEMBERS_ENGLAND").get("eligible").asBoolean())
                .isTrue();
        assertThat(eligibility(3, "GP_PARTNERS_ENGLAND").get("reasons").toString())
                .contains("Wales");
        assertThat(eligibility(4, "GP_PARTNERS_ENGLAND").get("eligible").asBoolean())
                .as("lapsed after the cut-off, role ended after it")
                .isTrue();
        assertThat(eligibility(5, "GP_PARTNERS_ENGLAND").get("eligible").asBoolean())
                .isFalse();
        assertThat(eligibility(5, "GP_MEMBERS_ENGLAND").get("eligible").asBoolean())
                .isTrue();

        Http.Response again = importCsv(file);
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(5);
        assertThat(again.json().get("created").asInt()).isZero();

        int audited = jdbc.sql(
                        "select count(*) from membership.audit_log where membership_number = :n and action = 'ELIGIBILITY'")
                .param("n", number(1))
                .query(Integer.class)
                .single();
        assertThat(audited).as("every eligibility check is audit-logged").isEqualTo(1);
    }

    @Test
    void theEligibilityAnswerNamesTheQualifyingRole_andSaysWhenTheMemberDeclaredItThemselves() {
        Http.Response imported = importCsv(HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "LOCUM", "", "2016-01-01", ""));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        JsonNode byTheUnion = eligibility(1, "GP_PARTNERS_ENGLAND");
        assertThat(byTheUnion.has("qualifyingRole")).as(byTheUnion.toString()).isTrue();
        assertThat(byTheUnion.get("qualifyingRole").get("role").asString()).isEqualTo("CONTRACTOR_PARTNER");
        assertThat(byTheUnion.get("qualifyingRole").get("practiceOds").asString())
                .isEqualTo(gms);
        assertThat(byTheUnion.get("qualifyingRole").get("declaredAt").isNull()).isTrue();
        assertThat(eligibility(2, "GP_PARTNERS_ENGLAND").get("qualifyingRole").isNull())
                .as("not eligible: no qualifying role")
                .isTrue();

        jdbc.sql("update membership.member_role set declared_at = timestamptz '2024-07-01T09:00:00Z'"
                        + " where membership_number = :n")
                .param("n", number(1))
                .update();

        assertThat(eligibility(1, "GP_PARTNERS_ENGLAND")
                        .get("qualifyingRole")
                        .get("declaredAt")
                        .asString())
                .isEqualTo("2024-07-01T09:00:00Z");
        assertThat(http.get("/api/members/" + number(1), adminToken)
                        .json()
                        .get("roles")
                        .get(0)
                        .get("declaredAt")
                        .asString())
                .isEqualTo("2024-07-01T09:00:00Z");
    }

    @Test
    void aFileWithAnyBadRowIsRefusedNamingLineAndFieldAndChangesNothing() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(2, "ACTIVE", "2015-13-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(3, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", "Z99999", "2016-01-01", "")
                + number(4) + ",12345,Bad,Gmc,bad-email,ACTIVE,2015-04-01,2015-04-01,SALARIED," + gms
                + ",2016-01-01,\n"
                + row(5, "ACTIVE", "0000-01-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "-5000-01-01", "")
                + number(6) + "," + (gmcBase + 6) + ",Given6,Family6,m6\u0000@example.org,ACTIVE,2015-04-01,2015-04-01,"
                + "SALARIED," + gms + ",2016-01-01,\n";
        Http.Response refused = importCsv(file);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.toString())
                .contains("\"line\":3,\"field\":\"status_since\"")
                .contains("\"line\":4,\"field\":\"practice_ods\"")
                .contains("\"line\":5,\"field\":\"gmc_number\"")
                .contains("\"line\":5,\"field\":\"email\"")
                .contains("\"line\":6,\"field\":\"status_since\"")
                .contains("\"line\":6,\"field\":\"role_from\"")
                .contains("\"line\":7,\"field\":\"email\"");
        int stored = jdbc.sql("select count(*) from membership.member where membership_number like :p")
                .param("p", prefix + "%")
                .query(Integer.class)
                .single();
        assertThat(stored).isZero();
    }

    @Test
    void aRollSavedAsWindows1252IsRefusedNamingTheLineToSaveAsUtf8_andNoNameIsStoredWithReplacementCharacters() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + number(2) + "," + (gmcBase + 2) + ",Ren\u00e9e,Cl\u00e9ment,m2." + prefix.toLowerCase()
                + "@example.org,ACTIVE,2015-04-01,2015-04-01,CONTRACTOR_PARTNER," + gms + ",2016-01-01,\n";

        Http.Response refused = importCsv(file, java.nio.charset.Charset.forName("windows-1252"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problem = refused.json().get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("message").asString()).contains("not UTF-8", "in field 3", "save it as CSV UTF-8");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void anAddressMailCannotBeSentToIsAProblemOnItsLine() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + number(2) + "," + (gmcBase + 2) + ",Given2,Family2,gp." + prefix.toLowerCase()
                + "@nhs.net.,ACTIVE,2015-04-01,2015-04-01,SALARIED," + gms + ",2016-01-01,\n"
                + number(3) + "," + (gmcBase + 3) + ",Given3,Family3,gp." + prefix.toLowerCase()
                + "@nhs.net(3),ACTIVE,2015-04-01,2015-04-01,SALARIED," + gms + ",2016-01-01,\n";

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("problems").findValues("line").stream()
                        .map(JsonNode::asInt)
                        .toList())
                .containsExactly(3, 4);
        assertThat(refused.json().get("problems").findValuesAsString("field")).containsExactly("email", "email");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aStatusOrAJoiningDatedAfterTheDayOfTheImportIsRefusedNamingLineFieldAndValue_andChangesNothing() {
        String soon = LocalDate.now(UkTime.ZONE).plusDays(2).toString();
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(2, "LAPSED", soon, "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(3, "TRIAL", "2999-12-31", "2999-12-31", "CONTRACTOR_PARTNER", gms, "2999-12-31", "")
                // A role may be arranged ahead: only a status or a joining cannot have begun yet.
                + row(4, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, soon, "2999-12-31");

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(3, 4, 4);
        assertThat(problems.findValuesAsString("field")).containsExactly("status_since", "status_since", "joined_on");
        assertThat(problems.get(0).get("message").asString())
                .startsWith("'" + soon + "' is after ")
                .contains("the day of this import: enter the day the member's status began");
        assertThat(problems.get(1).get("message").asString()).startsWith("'2999-12-31' is after ");
        assertThat(problems.get(2).get("message").asString())
                .startsWith("'2999-12-31' is after ")
                .contains("enter the day the member joined");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aStatusSinceBeforeTheMemberJoinedIsRefusedNamingTheLineAndBothDays_andChangesNothing() {
        assertThat(importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""))
                        .status())
                .isEqualTo(200);
        String file = HEADER
                // A status that began the day the member joined is taken.
                + row(2, "TRIAL", "2024-07-01", "2024-07-01", "SALARIED", gms, "2024-07-01", "")
                + row(1, "LAPSED", "2015-03-31", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + row(3, "ACTIVE", "2009-12-31", "2010-01-01", "SALARIED", gms, "2016-01-01", "");

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(3, 4);
        assertThat(problems.findValuesAsString("field")).containsExactly("status_since", "status_since");
        assertThat(problems.get(0).get("message").asString())
                .startsWith("'2015-03-31' is before 2015-04-01, the day the member joined (joined_on)")
                .contains("enter a status_since on or after the day they joined");
        assertThat(problems.get(1).get("message").asString())
                .startsWith("'2009-12-31' is before 2010-01-01, the day the member joined");
        assertThat(held(1, "status"))
                .as("the member on the roll left as they were")
                .isEqualTo("ACTIVE");
        assertThat(held(1, "status_since")).isEqualTo("2015-04-01");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .as("no member made")
                .isOne();
    }

    @Test
    void rowsOfOneMemberThatDisagreeAreRefusedNamingTheColumnsThatDiffer() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(1, "LAPSED", "2016-02-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + number(1) + "," + (gmcBase + 1) + ",Other,Family1,m1." + prefix.toLowerCase()
                + "@example.org,ACTIVE,2015-04-01,2015-04-01,LOCUM,,2016-01-01,\n";

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(3, 4);
        assertThat(problems.findValuesAsString("field")).containsExactly("membership_status", "given_name");
        assertThat(problems.get(0).get("message").asString())
                .isEqualTo("Member " + number(1) + " has different details here than on line 2, in membership_status"
                        + " and status_since: every row of a member must agree on everything but the role");
        assertThat(problems.get(1).get("message").asString())
                .isEqualTo("Member " + number(1) + " has different details here than on line 2, in given_name:"
                        + " every row of a member must agree on everything but the role");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theSameRoleGivenTwiceToAMemberIsRefusedNamingTheLineThatGaveItFirst_andChangesNothing() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "LOCUM", "", "2016-01-01", "")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "LOCUM", "", "2016-01-01", "")
                // Members are different people: each may hold the same role.
                + row(4, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "");

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(3, 5);
        assertThat(problems.findValuesAsString("field")).containsExactly("role", "role");
        assertThat(problems.get(0).get("message").asString())
                .isEqualTo("Line 2 gives member " + number(1) + " this same role already (SALARIED at " + gms
                        + " from 2016-01-01): remove one of the two rows");
        assertThat(problems.get(1).get("message").asString())
                .isEqualTo("Line 4 gives member " + number(2)
                        + " this same role already (LOCUM from 2016-01-01): remove one of the two rows");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void
            oneRoleAtOnePracticeGivenForPeriodsThatOverlapIsRefusedNamingTheRolePracticeAndBothPeriods_andChangesNothing() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2024-01-01", "2024-12-31")
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2024-06-01", "")
                // One period after the other is the role held again: taken.
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2020-01-01", "2020-12-31")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2021-01-01", "")
                // The same role at two practices at once is two roles: taken.
                + row(3, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + row(3, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", apms, "2016-01-01", "")
                // The same role ended, beside it open from the same day.
                + row(4, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + row(4, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "2020-01-01")
                // A later line whose period comes first, sharing its last day with the other's first.
                + row(5, "ACTIVE", "2015-04-01", "2015-04-01", "LOCUM", "", "2019-01-01", "")
                + row(5, "ACTIVE", "2015-04-01", "2015-04-01", "LOCUM", "", "2018-01-01", "2019-01-01");

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(3, 9, 11);
        assertThat(problems.findValuesAsString("field")).containsExactly("role_from", "role_from", "role_from");
        assertThat(problems.get(0).get("message").asString())
                .isEqualTo("Line 2 gives member " + number(1) + " the same role (CONTRACTOR_PARTNER at " + gms
                        + ") from 2024-01-01 to 2024-12-31, which overlaps this line's from 2024-06-01 with no end:"
                        + " a role is held once at a time; end one period before the other begins");
        assertThat(problems.get(1).get("message").asString())
                .isEqualTo("Line 8 gives member " + number(4) + " the same role (SALARIED at " + gms
                        + ") from 2016-01-01 with no end, which overlaps this line's from 2016-01-01 to 2020-01-01:"
                        + " a role is held once at a time; end one period before the other begins");
        assertThat(problems.get(2).get("message").asString())
                .isEqualTo("Line 10 gives member " + number(5) + " the same role (LOCUM) from 2019-01-01 with no end,"
                        + " which overlaps this line's from 2018-01-01 to 2019-01-01: a role is held once at a time;"
                        + " end one period before the other begins");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .as("no member made")
                .isZero();
    }

    @Test
    void aFileWithOnlyAHeaderOrNothingAtAllIsRefusedNamingLineOne() {
        for (String file : new String[] {HEADER, ""}) {
            Http.Response refused = importCsv(file);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("problems").toString()).contains("\"line\":1,\"field\":\"header\"");
        }
    }

    @Test
    void aMemberWhoseRowsDisagreeOrAGmcNumberHeldByAnotherMemberIsRefused() {
        String disagreeing = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", "")
                + row(1, "LAPSED", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "");
        assertThat(importCsv(disagreeing).body()).contains("different details here than on line 2");

        assertThat(importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""))
                        .status())
                .isEqualTo(200);
        String sameGmcOtherNumber = HEADER
                + (prefix + "X," + (gmcBase + 1) + ",Other,Person,other." + prefix.toLowerCase()
                        + "@example.org,ACTIVE,2015-04-01,2015-04-01,SALARIED," + gms + ",2016-01-01,\n");
        Http.Response refused = importCsv(sameGmcOtherNumber);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("already belongs to member " + number(1));
    }

    @Test
    void twoMembersWhoseEmailAddressesWereCrossedAreCorrectedByTheNextFile() {
        importCsv(HEADER
                + member(1, gmcBase + 1, "one." + prefix.toLowerCase() + "@example.org")
                + member(2, gmcBase + 2, "two." + prefix.toLowerCase() + "@example.org"));

        Http.Response corrected = importCsv(HEADER
                + member(1, gmcBase + 1, "two." + prefix.toLowerCase() + "@example.org")
                + member(2, gmcBase + 2, "one." + prefix.toLowerCase() + "@example.org"));

        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(corrected.json().get("updated").asInt()).isEqualTo(2);
        assertThat(held(1, "email")).isEqualTo("two." + prefix.toLowerCase() + "@example.org");
        assertThat(held(2, "email")).isEqualTo("one." + prefix.toLowerCase() + "@example.org");
    }

    @Test
    void
            twoMembersWhoseGmcNumbersWereCrossedAreCorrectedByTheNextFile_butOneStillHeldByAMemberOutsideTheFileIsRefused() {
        importCsv(HEADER
                + member(1, gmcBase + 2, "one." + prefix.toLowerCase() + "@example.org")
                + member(2, gmcBase + 1, "two." + prefix.toLowerCase() + "@example.org"));

        Http.Response corrected = importCsv(HEADER
                + member(1, gmcBase + 1, "one." + prefix.toLowerCase() + "@example.org")
                + member(2, gmcBase + 2, "two." + prefix.toLowerCase() + "@example.org"));

        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(held(1, "gmc_number")).isEqualTo(String.valueOf(gmcBase + 1));
        assertThat(held(2, "gmc_number")).isEqualTo(String.valueOf(gmcBase + 2));

        Http.Response taken =
                importCsv(HEADER + member(3, gmcBase + 1, "three." + prefix.toLowerCase() + "@example.org"));
        assertThat(taken.status()).as(taken.body()).isEqualTo(400);
        assertThat(taken.body()).contains("already belongs to member " + number(1));
    }

    /** A member with no roles, the fields a test crosses given. */
    private String member(int n, int gmc, String email) {
        return number(n) + "," + gmc + ",Given" + n + ",Family" + n + "," + email
                + ",ACTIVE,2015-04-01,2015-04-01,,,,\n";
    }

    private String held(int n, String column) {
        return jdbc.sql("select " + column + " from membership.member where membership_number = :n")
                .param("n", number(n))
                .query(String.class)
                .single();
    }

    @Test
    void aRoleEndingBeforeItBeginsIsRefusedNamingTheLineAndBothDays_andChangesNothing() {
        String file = HEADER
                // A role that ends the day it began is taken.
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "LOCUM", "", "2016-01-01", "2016-01-01")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2017-01-01", "2016-12-31");

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problems = refused.json().get("problems");
        assertThat(problems.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(3);
        assertThat(problems.findValuesAsString("field")).containsExactly("role_to");
        assertThat(problems.get(0).get("message").asString())
                .startsWith("'2016-12-31' is before 2017-01-01, the day the role began (role_from)")
                .contains("enter a role_to on or after the day the role began");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .as("no member made")
                .isZero();
    }

    @Test
    void aLastDayInARoleGivenWithoutTheRoleIsAProblemOnItsLine_notQuietlyDropped() {
        String file = HEADER
                + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", "")
                + row(2, "ACTIVE", "2015-04-01", "2015-04-01", "", "", "", "2024-07-31");

        Http.Response refused = importCsv(file);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("problems").toString())
                .contains("\"line\":3,\"field\":\"role\"")
                .contains("Enter the role this row gives the practice and dates for");
        assertThat(jdbc.sql("select count(*) from membership.member where membership_number like :p")
                        .param("p", prefix + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aStatusCorrectedByALaterFileIsTheStatusEligibilityReads() {
        // A lapse recorded, then withdrawn: the next file says the member has been active since 2015 throughout.
        importCsv(HEADER + row(1, "LAPSED", "2024-06-30", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", ""));
        assertThat(eligibility(1, "GP_PARTNERS_ENGLAND").get("eligible").asBoolean())
                .isFalse();
        Http.Response reinstated = importCsv(
                HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", ""));
        assertThat(reinstated.json().get("updated").asInt()).isEqualTo(1);
        assertThat(eligibility(1, "GP_PARTNERS_ENGLAND").get("eligible").asBoolean())
                .as("active since 2015, as the roll now says")
                .isTrue();

        // And the other way: active, then a file saying the member lapsed before the cut-off.
        importCsv(HEADER + row(2, "ACTIVE", "2024-09-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", ""));
        importCsv(HEADER + row(2, "LAPSED", "2024-06-15", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", ""));
        Http.Response october = http.get(
                "/api/members/" + number(2) + "/eligibility?ruleSet=GP_PARTNERS_ENGLAND&at=2024-10-01T12:00:00Z",
                adminToken);
        assertThat(october.status()).as(october.body()).isEqualTo(200);
        JsonNode lapsed = october.json();
        assertThat(lapsed.get("eligible").asBoolean())
                .as("lapsed since June, as the roll now says, not active from September")
                .isFalse();
        assertThat(lapsed.get("reasons").toString()).containsIgnoringCase("lapsed");
    }

    @Test
    void reimportingWithChangesUpdatesTheMemberAndKeepsWhatWasKnownBefore() {
        importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""));
        Http.Response changed = importCsv(
                HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "CONTRACTOR_PARTNER", gms, "2016-01-01", ""));
        assertThat(changed.json().get("updated").asInt()).isEqualTo(1);
        int versions = jdbc.sql("select count(*) from membership.member_version where membership_number = :n")
                .param("n", number(1))
                .query(Integer.class)
                .single();
        assertThat(versions).isEqualTo(2);
        String first = jdbc.sql(
                        "select snapshot->'roles'->0->>'role' from membership.member_version where membership_number = :n order by id limit 1")
                .param("n", number(1))
                .query(String.class)
                .single();
        assertThat(first).isEqualTo("SALARIED");

        java.sql.Timestamp between = jdbc.sql(
                        "select recorded_at from membership.member_version where membership_number = :n order by id limit 1")
                .param("n", number(1))
                .query(java.sql.Timestamp.class)
                .single();
        Http.Response known = http.get("/api/members/" + number(1) + "?asKnownAt=" + between.toInstant(), adminToken);
        assertThat(known.json().get("roles").get(0).get("role").asString()).isEqualTo("SALARIED");
        Http.Response now = http.get("/api/members/" + number(1), adminToken);
        assertThat(now.json().get("roles").get(0).get("role").asString()).isEqualTo("CONTRACTOR_PARTNER");
        assertThat(http.get("/api/members/" + number(1) + "?asKnownAt=2000-01-01T00:00:00Z", adminToken)
                        .status())
                .as("not on the roll yet then")
                .isEqualTo(404);
    }

    @Test
    void eligibilityRequestsAreCheckedAndOnlyForAdminsAndScrutineers() {
        importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""));
        Http.Response badRules =
                http.get("/api/members/" + number(1) + "/eligibility?ruleSet=EVERYONE&at=" + CUT_OFF, adminToken);
        assertThat(badRules.status()).isEqualTo(400);
        assertThat(badRules.body()).contains("ruleSet");
        Http.Response badInstant = http.get(
                "/api/members/" + number(1) + "/eligibility?ruleSet=GP_MEMBERS_ENGLAND&at=yesterday", adminToken);
        assertThat(badInstant.status()).isEqualTo(400);
        assertThat(badInstant.body()).contains("\"field\":\"at\"");
        for (String outside : new String[] {"%2B1000000000-01-01T00:00:00Z", "1899-12-31T23:59:59Z"}) {
            Http.Response beyond = http.get(
                    "/api/members/" + number(1) + "/eligibility?ruleSet=GP_PARTNERS_ENGLAND&at=" + outside, adminToken);
            assertThat(beyond.status()).as(beyond.body()).isEqualTo(400);
            assertThat(beyond.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("at");
            assertThat(beyond.body()).contains("between 1900 and 2999");
        }
        Http.Response knownBeyond =
                http.get("/api/members/" + number(1) + "?asKnownAt=%2B300000-01-01T00:00:00Z", adminToken);
        assertThat(knownBeyond.status()).as(knownBeyond.body()).isEqualTo(400);
        assertThat(knownBeyond.json().get("errors").get(0).get("field").asString())
                .isEqualTo("asKnownAt");
        assertThat(knownBeyond.body()).contains("between 1900 and 2999");
        assertThat(http.get("/api/members/NOBODY/eligibility?ruleSet=GP_MEMBERS_ENGLAND&at=" + CUT_OFF, adminToken)
                        .status())
                .isEqualTo(404);

        String email = "pm." + UUID.randomUUID().toString().substring(0, 8) + "@practice.test";
        http.postJson(
                "/api/staff",
                Map.of(
                        "email",
                        email,
                        "password",
                        "velvet canyon pickle",
                        "role",
                        "PRACTICE_MANAGER",
                        "practices",
                        java.util.List.of(gms)),
                adminToken);
        String managerToken = http.postJson("/api/tokens", Map.of("email", email, "password", "velvet canyon pickle"))
                .json()
                .get("token")
                .asString();
        assertThat(http.get(
                                "/api/members/" + number(1) + "/eligibility?ruleSet=GP_MEMBERS_ENGLAND&at=" + CUT_OFF,
                                managerToken)
                        .status())
                .isEqualTo(403);
    }

    JsonNode eligibility(int n, String ruleSet) {
        Http.Response response = http.get(
                "/api/members/" + number(n) + "/eligibility?ruleSet=" + ruleSet + "&at=" + CUT_OFF, adminToken);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void membersPagesNameEachPracticeBesideItsCodeAndFindMembersByPracticeCode() {
        assertThat(importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""))
                        .status())
                .isEqualTo(200);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String found = pages.get("/members?q=" + gms.toLowerCase()).body();
        assertThat(found).contains(number(1)).contains("TEST PRACTICE " + gms + " (" + gms + ")");
        assertThat(pages.get("/members/" + number(1)).body()).contains("TEST PRACTICE " + gms + " (" + gms + ")");
    }

    @Test
    void anImportOfOneMemberIsToldOnTheImportPageInTheSingular() {
        Http.Response imported =
                importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String page = pages.get("/admin/members/import?imported="
                        + imported.json().get("importId").asLong())
                .body();

        assertThat(page).contains(">1 row read<").contains(">1 member created<");
    }

    @Test
    void aMomentTheMembersPageCannotCheckIsRefusedNamingItsField_withTheElectorateChosenKept() {
        importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Map<String, String> fieldOf = new java.util.LinkedHashMap<>();
        fieldOf.put("day=23/07/2024&time=23:59", "day");
        fieldOf.put("day=0024-07-23&time=23:59", "day");
        fieldOf.put("day=2024-07-23&time=11pm", "time");

        fieldOf.forEach((typed, field) -> {
            Http.Response refused = pages.get("/members/" + number(1) + "?ruleSet=GP_MEMBERS_ENGLAND&" + typed);

            assertThat(refused.status()).as(typed + ": " + refused.body()).isEqualTo(400);
            String page = refused.body();
            assertThat(page).as(typed).contains("href=\"#" + field + "\"").contains("id=\"" + field + "-error\"");
            assertThat(page).as(typed).doesNotContain("id=\"eligibility-result\"");
            assertThat(option(page, "GP_MEMBERS_ENGLAND")).as(typed).contains("selected");
            assertThat(option(page, "GP_PARTNERS_ENGLAND")).as(typed).doesNotContain("selected");
        });
        assertThat(pages.get("/members/" + number(1) + "?ruleSet=GP_MEMBERS_ENGLAND&day=0024-07-23&time=23:59")
                        .body())
                .contains("Enter a day between 1900 and 2999");
    }

    @Test
    void theMembersPageSaysOnWhichDayAndTimeEligibilityWasChecked_andAtMidnightAtTheStartOfADay() {
        importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String check = "/members/" + number(1) + "?ruleSet=GP_MEMBERS_ENGLAND&day=2024-07-23";

        assertThat(eligibilityResult(pages.get(check + "&time=15:00").body()))
                .isEqualTo("Eligible under All GP members in England on 23 July 2024 at 3:00pm");
        assertThat(eligibilityResult(pages.get(check + "&time=00:00").body()))
                .isEqualTo("Eligible under All GP members in England at midnight at the start of 23 July 2024");
    }

    /**
     * The audit log's entries for a check and for a record read as known at a moment said that moment as an ISO instant
     * in UTC ("Checked GP_MEMBERS_ENGLAND at 2024-07-23T14:00:00Z"), an hour out from the UK time the check was asked
     * for in summer; then in UK time alone, to the minute, so that checks at 14:00:00.5Z and at 14:00:59Z read alike and
     * an entry no longer said exactly which moment was read. It says both: the UK time, then the instant.
     */
    @Test
    void theAuditLogSaysTheMomentACheckOrAReadWasForInUkTimeAndExactly_inSummerAndInWinter() {
        importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String check = "/members/" + number(1) + "?ruleSet=GP_MEMBERS_ENGLAND";
        assertThat(pages.get(check + "&day=2024-07-23&time=15:00").status()).isEqualTo(200);
        assertThat(pages.get(check + "&day=2024-12-02&time=15:00").status()).isEqualTo(200);
        for (String at : List.of(CUT_OFF, "2024-07-23T14:00:00.5Z", "2024-07-23T14:00:59Z")) {
            assertThat(http.get(
                                    "/api/members/" + number(1) + "/eligibility?ruleSet=GP_MEMBERS_ENGLAND&at=" + at,
                                    adminToken)
                            .status())
                    .as(at)
                    .isEqualTo(200);
        }
        // A record is known from when it was imported, so it is read as known just after.
        Instant knownAt = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        assertThat(http.get("/api/members/" + number(1) + "?asKnownAt=" + knownAt, adminToken)
                        .status())
                .isEqualTo(200);

        for (String page : List.of("/members/" + number(1), "/admin/members/audit")) {
            assertThat(pages.get(page).body())
                    .as(page)
                    .contains("Checked GP_MEMBERS_ENGLAND on 23 July 2024 at 3:00pm (UK time; 2024-07-23T14:00:00Z)<")
                    .contains(
                            "Checked GP_MEMBERS_ENGLAND on 2 December 2024 at 3:00pm (UK time; 2024-12-02T15:00:00Z)<")
                    .contains("Checked GP_MEMBERS_ENGLAND on 23 July 2024 at 11:59pm (UK time; 2024-07-23T22:59:59Z):"
                            + " eligible")
                    .contains(
                            "Checked GP_MEMBERS_ENGLAND on 23 July 2024 at 3:00pm (UK time; 2024-07-23T14:00:00.500Z):"
                                    + " eligible")
                    .contains("Checked GP_MEMBERS_ENGLAND on 23 July 2024 at 3:00pm (UK time; 2024-07-23T14:00:59Z):"
                            + " eligible")
                    .contains("Read the record as known " + UkTime.onOrAt(knownAt) + " (UK time; " + knownAt + ")");
        }
    }

    private static String eligibilityResult(String page) {
        java.util.regex.Matcher result = java.util.regex.Pattern.compile(
                        "<p\\b[^>]*\\bid=\"eligibility-result\"[^>]*>([^<]*)</p>")
                .matcher(page);
        assertThat(result.find()).as(page).isTrue();
        return result.group(1).strip();
    }

    @Test
    void anElectorateTheMembersPageDoesNotOfferIsRefusedNamingItsField_andNothingIsChecked() {
        importCsv(HEADER + row(1, "ACTIVE", "2015-04-01", "2015-04-01", "SALARIED", gms, "2016-01-01", ""));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response refused = pages.get("/members/" + number(1) + "?ruleSet=EVERYONE%27--&day=2024-07-23&time=23:59");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        String page = refused.body();
        assertThat(page)
                .contains("<a href=\"#ruleSet\">Choose the electorate from the list</a>")
                .contains("id=\"ruleSet-error\"")
                .contains("Given1")
                .doesNotContain("id=\"eligibility-result\"");
        java.util.regex.Matcher select = java.util.regex.Pattern.compile("<select\\b[^>]*\\bid=\"ruleSet\"[^>]*>")
                .matcher(page);
        assertThat(select.find()).as(page).isTrue();
        assertThat(select.group())
                .contains("aria-describedby=\"ruleSet-error\"")
                .contains("govuk-select--error");
        assertThat(jdbc.sql(
                                "select count(*) from membership.audit_log where membership_number = :n and action = 'ELIGIBILITY'")
                        .param("n", number(1))
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private static String option(String page, String value) {
        java.util.regex.Matcher option = java.util.regex.Pattern.compile(
                        "<option\\b[^>]*\\bvalue=\"" + value + "\"[^>]*>")
                .matcher(page);
        assertThat(option.find()).as("an option " + value).isTrue();
        return option.group();
    }

    String number(int n) {
        return prefix + n;
    }

    String row(
            int n, String status, String since, String joined, String role, String practice, String from, String to) {
        return number(n) + "," + (gmcBase + n) + ",Given" + n + ",Family" + n + ",m" + n + "." + prefix.toLowerCase()
                + "@example.org," + status + "," + since + "," + joined + "," + role + "," + practice + "," + from + ","
                + to + "\n";
    }

    Http.Response importCsv(String csv) {
        return importCsv(csv, StandardCharsets.UTF_8);
    }

    Http.Response importCsv(String csv, java.nio.charset.Charset encoding) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://localhost:" + port + "/api/members/imports?fileName=members.csv"))
                                    .header("Content-Type", "text/csv")
                                    .header("Authorization", "Bearer " + adminToken)
                                    .POST(HttpRequest.BodyPublishers.ofString(csv, encoding))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), Map.of(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
