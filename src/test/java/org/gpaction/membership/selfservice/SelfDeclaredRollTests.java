package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.roll.RollChecks;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RuleSet;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit's sequence: anyone can join online as a partner with a GMC number of the right shape at any open GMS
 * practice, at an address they control, and confirm it. What they declared does not buy a vote: they wait for the
 * scrutineer's check, as does a member who adds a partner role to their own details, until a membership import gives
 * the role.
 */
@GpActionTest
class SelfDeclaredRollTests {

    @LocalServerPort
    int port;

    @Autowired
    JoinConfirmations confirmations;

    @Autowired
    MemberDetails details;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Eligibility eligibility;

    @Autowired
    DetailsSignIn signIn;

    @Autowired
    RollChecks checks;

    @Autowired
    JsonMapper json;

    ReplacementFixtures fixtures;
    long ballot;
    String practice;

    @BeforeEach
    void anOpenBallotAndAPractice() {
        fixtures = new ReplacementFixtures(jdbc);
        ballot = fixtures.openBallot(Duration.ofDays(7), Duration.ofDays(2));
        practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
    }

    @Test
    void aMadeUpPartnerWhoJoinsOnlineWaitsForTheScrutineersCheckWithNoLink() {
        String number = join(TestMailbox.uniqueAddress("made-up"), gmc());

        assertThat(credentials(number)).as("voting links issued").isZero();
        assertThat(onRoll(number)).isZero();
        assertThat(check(number))
                .containsEntry("state", "WAITING")
                .containsEntry("role", "CONTRACTOR_PARTNER")
                .containsEntry("practice_ods", practice);
    }

    @Test
    void aPartnerRoleAMemberAddsToTheirOwnDetailsWaitsForTheCheck() {
        ReplacementFixtures.Voter salaried = fixtures.member(null);

        details.addRole(signedIn(salaried), PracticeRole.CONTRACTOR_PARTNER, practice, "2020-01-01");

        assertThat(credentials(salaried.number())).isZero();
        assertThat(check(salaried.number())).containsEntry("state", "WAITING");
    }

    @Test
    void aPartnerRoleDeclaredAfterTheCutOffDoesNotCountAtIt_thoughItIsDatedBefore() {
        ReplacementFixtures.Voter salaried = fixtures.member(null);
        Instant cutOff = Instant.now().minus(Duration.ofHours(1));

        details.addRole(signedIn(salaried), PracticeRole.CONTRACTOR_PARTNER, practice, "2020-01-01");

        EligibilityDecision atTheCutOff = eligibility
                .decide(salaried.number(), RuleSet.GP_PARTNERS_ENGLAND, cutOff)
                .orElseThrow();
        assertThat(atTheCutOff.eligible()).as(atTheCutOff.reasons().toString()).isFalse();
        assertThat(atTheCutOff.reasons())
                .anySatisfy(reason -> assertThat(reason)
                        .contains("The GP contractor or partner role at " + practice + " was recorded ")
                        .contains("only what was recorded by then counts"));
        assertThat(eligibility.decideAll(RuleSet.GP_PARTNERS_ENGLAND, cutOff))
                .as("the roll's pass at the cut-off")
                .filteredOn(decision -> decision.membershipNumber().equals(salaried.number()))
                .singleElement()
                .satisfies(decision -> assertThat(decision.eligible()).isFalse());
        assertThat(eligibility
                        .decide(salaried.number(), RuleSet.GP_PARTNERS_ENGLAND, Instant.now())
                        .orElseThrow()
                        .eligible())
                .as("eligible from when it was recorded")
                .isTrue();
    }

    @Test
    void aMembershipImportGivingTheDeclaredRoleConfirmsItAndTheLinkIsSent() {
        String email = TestMailbox.uniqueAddress("joined");
        String gmc = gmc();
        String number = join(email, gmc);
        String today = LocalDate.now(UkTime.ZONE).toString();
        String token = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();

        Http.Response imported = new Http(port)
                .postCsv(
                        "/api/members/imports?fileName=members.csv",
                        "membership_number,gmc_number,given_name,family_name,email,membership_status,status_since,"
                                + "joined_on,role,practice_ods,role_from,role_to\n"
                                + number + "," + gmc + ",Sam,Rivers," + email + ",TRIAL," + today + "," + today
                                + ",CONTRACTOR_PARTNER," + practice + "," + today + ",\n",
                        token);

        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("updated").asInt())
                .as("the file gives the member as they joined, confirming the role they declared")
                .isEqualTo(1);
        assertThat(imported.json().get("unchanged").asInt()).isZero();
        assertThat(credentials(number)).isEqualTo(1);
        assertThat(check(number)).containsEntry("state", "CONFIRMED");
        TestMailbox.awaitMessageTo(email, "Your ballot: " + fixtures.title(ballot));
        Http.Response known = new Http(port).get("/api/members/" + number + "?asKnownAt=" + Instant.now(), token);
        assertThat(known.status()).as(known.body()).isEqualTo(200);
        assertThat(known.json().get("roles").get(0).get("declaredAt").isNull())
                .as("the record as known now gives the role as the union's: " + known.body())
                .isTrue();
        assertThat(jdbc.sql("""
                        select detail from membership.audit_log
                        where membership_number = :n and action = 'IMPORT_UPDATED'
                        """).param("n", number).query(String.class).list())
                .containsExactly("Updated from members.csv");
    }

    @Test
    void aMemberRefusedWhoDeclaresANewQualifyingRole_waitsForACheckOfIt_whileTheRefusalStandsForTheOldOne() {
        String email = TestMailbox.uniqueAddress("refused");
        String number = join(email, gmc());
        DetailsSignIn.SignedIn member = new DetailsSignIn.SignedIn(number, signIn.address(email));
        long first = (Long) checks(number).get(0).get("id");
        checks.refuse(ballot, first, shown(first), "The practice has never heard of this GP", "scrutineer.test");

        details.addRole(member, PracticeRole.LOCUM, "", "2020-01-01");
        assertThat(states(number))
                .as("another change of details leaves the refusal of the same declaration standing")
                .containsExactly("REFUSED " + practice);

        String other = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        endDeclaredPartnerRole(number);
        details.addRole(member, PracticeRole.CONTRACTOR_PARTNER, other, "2020-01-01");

        assertThat(states(number)).containsExactly("REFUSED " + practice, "WAITING " + other);
        assertThat(credentials(number)).isZero();
    }

    @Test
    void aMemberStillWaitingWhoDeclaresANewQualifyingRole_isCheckedForTheNewOne() {
        String email = TestMailbox.uniqueAddress("moved");
        String number = join(email, gmc());
        DetailsSignIn.SignedIn member = new DetailsSignIn.SignedIn(number, signIn.address(email));
        String other = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);

        endDeclaredPartnerRole(number);
        details.addRole(member, PracticeRole.CONTRACTOR_PARTNER, other, "2020-01-01");

        assertThat(states(number)).containsExactly("WAITING " + other);
        assertThat(credentials(number)).isZero();
    }

    /** The partnership they joined with, ended yesterday, as the union would record a member who moved practice. */
    private void endDeclaredPartnerRole(String number) {
        jdbc.sql("""
                        update membership.member_role set role_from = date '2019-01-01', role_to = current_date - 1
                        where membership_number = :n and role = 'CONTRACTOR_PARTNER'
                        """).param("n", number).update();
    }

    private java.util.List<Map<String, Object>> checks(String member) {
        return jdbc.sql("""
                        select id, state, practice_ods from ballots.roll_check
                        where ballot_id = :b and membership_number = :m order by id
                        """).param("b", ballot).param("m", member).query().listOfRows();
    }

    /** The declaration the scrutineer's page shows for the check (its role, practice and moment declared). */
    private String shown(long check) {
        return jdbc.sql("select role, practice_ods, declared_at from ballots.roll_check where id = :id")
                .param("id", check)
                .query((rs, row) -> rs.getString(1) + " " + (rs.getString(2) == null ? "" : rs.getString(2)) + " "
                        + rs.getTimestamp(3).toInstant())
                .single();
    }

    private java.util.List<String> states(String member) {
        return checks(member).stream()
                .map(row -> row.get("state") + " " + row.get("practice_ods"))
                .toList();
    }

    private String join(String email, String gmc) {
        JoinDetails joining = new JoinDetails("Sam", "Rivers", gmc, email, PracticeRole.CONTRACTOR_PARTNER, practice);
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at)
                        values (:hash, cast(:details as jsonb), now(), now() + interval '1 hour')
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("details", json.writeValueAsString(joining))
                .update();
        return confirmations.confirm(token).orElseThrow().membershipNumber();
    }

    /** The member as a session signed in through a link to their address holds them. */
    private DetailsSignIn.SignedIn signedIn(ReplacementFixtures.Voter member) {
        return new DetailsSignIn.SignedIn(member.number(), signIn.address(member.email()));
    }

    private static String gmc() {
        return String.valueOf(ThreadLocalRandom.current().nextInt(2_000_000, 9_000_000));
    }

    private long credentials(String member) {
        return count("select count(*) from ballots.credential where ballot_id = :b and membership_number = :m", member);
    }

    private long onRoll(String member) {
        return count("select count(*) from ballots.roll_entry where ballot_id = :b and membership_number = :m", member);
    }

    private long count(String sql, String member) {
        return jdbc.sql(sql)
                .param("b", ballot)
                .param("m", member)
                .query(Long.class)
                .single();
    }

    private Map<String, Object> check(String member) {
        return jdbc.sql("""
                        select state, role, practice_ods from ballots.roll_check
                        where ballot_id = :b and membership_number = :m
                        """).param("b", ballot).param("m", member).query().singleRow();
    }
}
