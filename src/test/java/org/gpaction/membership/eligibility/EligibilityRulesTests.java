package org.gpaction.membership.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.Member;
import org.gpaction.membership.MembershipStatus;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.RuleSet;
import org.gpaction.membership.StatusPeriod;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.Nation;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;
import org.junit.jupiter.api.Test;

/** The 2024 ballot's electorate rules, judged on the roll cut-off, 23 July 2024. */
class EligibilityRulesTests {

    static final LocalDate CUT_OFF = LocalDate.of(2024, 7, 23);
    static final LocalDate LONG_AGO = LocalDate.of(2015, 4, 1);

    static final Practice GMS_ENGLAND =
            practice("A81001", Nation.ENGLAND, ContractType.GMS, PracticeStatus.ACTIVE, null);
    static final Practice PMS_ENGLAND =
            practice("A81002", Nation.ENGLAND, ContractType.PMS, PracticeStatus.ACTIVE, null);
    static final Practice APMS_ENGLAND =
            practice("Y02625", Nation.ENGLAND, ContractType.APMS, PracticeStatus.ACTIVE, null);
    static final Practice GMS_WALES = practice("W00005", Nation.WALES, ContractType.GMS, PracticeStatus.ACTIVE, null);
    static final Practice CLOSED_BEFORE =
            practice("A81003", Nation.ENGLAND, ContractType.GMS, PracticeStatus.CLOSED, LocalDate.of(2017, 10, 31));
    static final Practice CLOSED_AFTER =
            practice("A81004", Nation.ENGLAND, ContractType.GMS, PracticeStatus.CLOSED, LocalDate.of(2024, 9, 30));
    static final Practice CLOSED_ON_THE_CUT_OFF =
            practice("A81006", Nation.ENGLAND, ContractType.GMS, PracticeStatus.CLOSED, CUT_OFF);
    static final Practice UNKNOWN_CONTRACT = practice("A81005", Nation.ENGLAND, null, PracticeStatus.ACTIVE, null);

    static final Map<String, Practice> DIRECTORY = Map.of(
            GMS_ENGLAND.odsCode(), GMS_ENGLAND,
            PMS_ENGLAND.odsCode(), PMS_ENGLAND,
            APMS_ENGLAND.odsCode(), APMS_ENGLAND,
            GMS_WALES.odsCode(), GMS_WALES,
            CLOSED_BEFORE.odsCode(), CLOSED_BEFORE,
            CLOSED_AFTER.odsCode(), CLOSED_AFTER,
            CLOSED_ON_THE_CUT_OFF.odsCode(), CLOSED_ON_THE_CUT_OFF,
            UNKNOWN_CONTRACT.odsCode(), UNKNOWN_CONTRACT);

    @Test
    void anActivePartnerAtAGmsPracticeInEnglandIsEligibleWithTheEvidence() {
        EligibilityDecision decision = partners(member(partner("A81001")));
        assertThat(decision.eligible()).isTrue();
        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.evidence())
                .contains("A81001")
                .contains("GMS contract")
                .contains("23 July 2024");
        assertThat(decision.practiceOds()).isEqualTo("A81001");
    }

    @Test
    void aPartnerRoleTheMemberDeclaredThemselvesQualifiesOnlyAsSelfDeclared() {
        RoleHeld declared = new RoleHeld(
                PracticeRole.CONTRACTOR_PARTNER, "A81001", LONG_AGO, null, Instant.parse("2024-07-01T09:00:00Z"));

        EligibilityDecision decision = partners(member(declared));

        assertThat(decision.eligible()).isTrue();
        assertThat(decision.selfDeclared()).isTrue();
        assertThat(decision.qualifyingRole()).isEqualTo(declared);
        assertThat(partners(member(partner("A81001"))).selfDeclared()).isFalse();
    }

    @Test
    void aRoleInTheUnionsRecordQualifiesAheadOfOneTheMemberDeclared() {
        RoleHeld declared = new RoleHeld(
                PracticeRole.CONTRACTOR_PARTNER, "A81002", LONG_AGO, null, Instant.parse("2024-07-01T09:00:00Z"));

        EligibilityDecision decision = partners(member(declared, partner("A81001")));

        assertThat(decision.selfDeclared()).isFalse();
        assertThat(decision.practiceOds()).isEqualTo("A81001");
        assertThat(allGps(member(role(PracticeRole.SALARIED, "A81002"), declared))
                        .selfDeclared())
                .isFalse();
    }

    @Test
    void pmsPartnersAreEligibleToo() {
        assertThat(partners(member(partner("A81002"))).eligible()).isTrue();
    }

    @Test
    void apmsPartnersAreNotEligible() {
        EligibilityDecision decision = partners(member(partner("Y02625")));
        assertThat(decision.eligible()).isFalse();
        assertThat(decision.reasons()).singleElement().asString().contains("APMS contract");
    }

    @Test
    void partnersInWalesAreNotEligible() {
        assertThat(partners(member(partner("W00005"))).reasons())
                .singleElement()
                .asString()
                .contains("the practice is in Wales, not England");
    }

    @Test
    void aPracticeThatClosedBeforeTheCutOffDoesNotQualifyButOneThatClosedAfterDoes() {
        assertThat(partners(member(partner("A81003"))).reasons())
                .singleElement()
                .asString()
                .contains("the practice was last open on 31 October 2017");
        assertThat(partners(member(partner("A81004"))).eligible()).isTrue();
    }

    /** An ODS close date is the last day the practice was open, as its open date is the first. */
    @Test
    void aPracticeWhoseOdsCloseDateIsTheCutOffWasStillOpenThatDaySoItsPartnersQualify() {
        assertThat(partners(member(partner("A81006"))).reasons()).isEmpty();
    }

    @Test
    void anUnknownContractTypeIsExplained() {
        assertThat(partners(member(partner("A81005"))).reasons())
                .singleElement()
                .asString()
                .contains("contract type is not known");
    }

    @Test
    void salariedLocumAndRegistrarGpsAreNotInThePartnersElectorateButAreInTheMembersOne() {
        Member salaried = member(role(PracticeRole.SALARIED, "A81001"));
        Member locum = member(new RoleHeld(PracticeRole.LOCUM, null, LONG_AGO, null));
        Member registrar = member(role(PracticeRole.REGISTRAR, "A81002"));
        for (Member member : List.of(salaried, locum, registrar)) {
            assertThat(partners(member).eligible()).isFalse();
            assertThat(partners(member).reasons()).singleElement().asString().contains("no GP contractor or partner");
            assertThat(allGps(member).eligible()).isTrue();
        }
    }

    @Test
    void aSalariedGpWhoIsAlsoAPartnerElsewhereIsEligible() {
        Member member = member(role(PracticeRole.SALARIED, "A81001"), partner("A81002"));
        assertThat(partners(member).eligible()).isTrue();
        assertThat(partners(member).evidence()).contains("A81002");
        assertThat(partners(member).practiceOds())
                .as("the practice that qualifies")
                .isEqualTo("A81002");
        assertThat(allGps(member).practiceOds())
                .as("the first GP role qualifies")
                .isEqualTo("A81001");
    }

    @Test
    void withSeveralPartnerRolesOneQualifyingRoleIsEnoughAndEachFailingOneIsExplained() {
        assertThat(partners(member(partner("W00005"), partner("Y02625"), partner("A81001")))
                        .eligible())
                .isTrue();
        EligibilityDecision none = partners(member(partner("W00005"), partner("Y02625")));
        assertThat(none.eligible()).isFalse();
        assertThat(none.reasons()).hasSize(2);
    }

    @Test
    void rolesStartingOrEndingAroundTheCutOffCountOnlyWhenInForceThatDay() {
        assertThat(partners(member(new RoleHeld(PracticeRole.CONTRACTOR_PARTNER, "A81001", CUT_OFF, null)))
                        .eligible())
                .as("begins on the day")
                .isTrue();
        assertThat(partners(member(new RoleHeld(PracticeRole.CONTRACTOR_PARTNER, "A81001", LONG_AGO, CUT_OFF)))
                        .eligible())
                .as("ends on the day")
                .isTrue();
        assertThat(partners(member(new RoleHeld(PracticeRole.CONTRACTOR_PARTNER, "A81001", CUT_OFF.plusDays(1), null)))
                        .reasons())
                .singleElement()
                .asString()
                .contains("only began on 24 July 2024");
        assertThat(partners(member(new RoleHeld(
                                PracticeRole.CONTRACTOR_PARTNER, "A81001", LONG_AGO, CUT_OFF.minusDays(1))))
                        .reasons())
                .singleElement()
                .asString()
                .contains("ended on 22 July 2024");
    }

    @Test
    void aTrialCountsForThreeMonthsFromTheDayItBegan() {
        Member trialist = new Member(
                "T1",
                "7000001",
                "Tri",
                "Al",
                "t@x.test",
                MembershipStatus.TRIAL,
                LocalDate.of(2024, 4, 24),
                LocalDate.of(2024, 4, 24),
                List.of(partner("A81001")));
        assertThat(EligibilityRules.decide(
                                RuleSet.GP_PARTNERS_ENGLAND,
                                trialist,
                                List.of(new StatusPeriod(MembershipStatus.TRIAL, LocalDate.of(2024, 4, 24))),
                                DIRECTORY,
                                CUT_OFF)
                        .eligible())
                .as("trial began 24 April, runs to 23 July inclusive")
                .isTrue();
        EligibilityDecision expired = EligibilityRules.decide(
                RuleSet.GP_PARTNERS_ENGLAND,
                trialist,
                List.of(new StatusPeriod(MembershipStatus.TRIAL, LocalDate.of(2024, 4, 23))),
                DIRECTORY,
                CUT_OFF);
        assertThat(expired.eligible()).isFalse();
        assertThat(expired.reasons())
                .singleElement()
                .asString()
                .contains("trial membership")
                .contains("run out");
    }

    @Test
    void aLapseBeforeTheCutOffExcludesButALapseAfterItDoesNot() {
        Member lapsedBefore = withStatus(MembershipStatus.LAPSED, LocalDate.of(2024, 7, 1));
        EligibilityDecision before = EligibilityRules.decide(
                RuleSet.GP_PARTNERS_ENGLAND,
                lapsedBefore,
                List.of(
                        new StatusPeriod(MembershipStatus.ACTIVE, LONG_AGO),
                        new StatusPeriod(MembershipStatus.LAPSED, LocalDate.of(2024, 7, 1))),
                DIRECTORY,
                CUT_OFF);
        assertThat(before.eligible()).isFalse();
        assertThat(before.reasons()).singleElement().asString().isEqualTo("Membership had lapsed on 1 July 2024");

        Member lapsedAfter = withStatus(MembershipStatus.LAPSED, LocalDate.of(2024, 8, 1));
        assertThat(EligibilityRules.decide(
                                RuleSet.GP_PARTNERS_ENGLAND,
                                lapsedAfter,
                                List.of(
                                        new StatusPeriod(MembershipStatus.ACTIVE, LONG_AGO),
                                        new StatusPeriod(MembershipStatus.LAPSED, LocalDate.of(2024, 8, 1))),
                                DIRECTORY,
                                CUT_OFF)
                        .eligible())
                .isTrue();
        assertThat(EligibilityRules.decide(
                                RuleSet.GP_PARTNERS_ENGLAND,
                                lapsedAfter,
                                List.of(new StatusPeriod(MembershipStatus.LAPSED, LocalDate.of(2024, 8, 1))),
                                DIRECTORY,
                                CUT_OFF)
                        .eligible())
                .as("only the later lapse is known: before it, a joined member was in good standing")
                .isTrue();
    }

    @Test
    void resignedMembersAreNotEligible() {
        Member resigned = withStatus(MembershipStatus.RESIGNED, LocalDate.of(2023, 1, 1));
        assertThat(EligibilityRules.decide(
                                RuleSet.GP_MEMBERS_ENGLAND,
                                resigned,
                                List.of(new StatusPeriod(MembershipStatus.RESIGNED, LocalDate.of(2023, 1, 1))),
                                DIRECTORY,
                                CUT_OFF)
                        .reasons())
                .containsExactly("Had resigned from membership on 1 January 2023");
    }

    @Test
    void someoneWhoJoinedAfterTheCutOffIsNotEligibleAndEveryFailedRuleIsGiven() {
        Member late = new Member(
                "L1",
                "7000002",
                "Late",
                "Joiner",
                "l@x.test",
                MembershipStatus.TRIAL,
                LocalDate.of(2024, 7, 24),
                LocalDate.of(2024, 7, 24),
                List.of(partner("Y02625")));
        EligibilityDecision decision = EligibilityRules.decide(
                RuleSet.GP_PARTNERS_ENGLAND,
                late,
                List.of(new StatusPeriod(MembershipStatus.TRIAL, LocalDate.of(2024, 7, 24))),
                DIRECTORY,
                CUT_OFF);
        assertThat(decision.reasons())
                .containsExactly(
                        "Joined on 24 July 2024, after 23 July 2024",
                        "The GP contractor or partner role at Y02625: the practice holds an APMS contract; only "
                                + "partners in GMS or PMS practices are in this electorate");
    }

    @Test
    void someoneWhoJoinedAfterTheDayWithNoStatusRecordedIsToldSoOnce() {
        Member late = new Member(
                "L2",
                "7000004",
                "Late",
                "Unrecorded",
                "u@x.test",
                MembershipStatus.ACTIVE,
                LocalDate.of(2024, 8, 1),
                LocalDate.of(2024, 8, 1),
                List.of(partner("A81001")));

        assertThat(EligibilityRules.decide(RuleSet.GP_PARTNERS_ENGLAND, late, List.of(), DIRECTORY, CUT_OFF)
                        .reasons())
                .containsExactly("Joined on 1 August 2024, after 23 July 2024");
    }

    @Test
    void aRoleAtAPracticeMissingFromTheDirectoryIsExplained() {
        assertThat(partners(member(partner("B99999"))).reasons())
                .singleElement()
                .asString()
                .contains("not in the practice directory");
    }

    @Test
    void membersWithNoGpRoleAreNotInTheMembersElectorate() {
        assertThat(allGps(member(role(PracticeRole.OTHER, "A81001"))).reasons())
                .containsExactly("Holds no GP role (partner, salaried, locum or registrar)");
    }

    static EligibilityDecision partners(Member member) {
        return EligibilityRules.decide(RuleSet.GP_PARTNERS_ENGLAND, member, active(), DIRECTORY, CUT_OFF);
    }

    static EligibilityDecision allGps(Member member) {
        return EligibilityRules.decide(RuleSet.GP_MEMBERS_ENGLAND, member, active(), DIRECTORY, CUT_OFF);
    }

    static List<StatusPeriod> active() {
        return List.of(new StatusPeriod(MembershipStatus.ACTIVE, LONG_AGO));
    }

    static Member member(RoleHeld... roles) {
        return new Member(
                "M1",
                "7000000",
                "Ada",
                "Partner",
                "ada@x.test",
                MembershipStatus.ACTIVE,
                LONG_AGO,
                LONG_AGO,
                List.of(roles));
    }

    static Member withStatus(MembershipStatus status, LocalDate since) {
        return new Member(
                "M2", "7000003", "Sam", "Lapse", "s@x.test", status, since, LONG_AGO, List.of(partner("A81001")));
    }

    static RoleHeld partner(String ods) {
        return role(PracticeRole.CONTRACTOR_PARTNER, ods);
    }

    static RoleHeld role(PracticeRole role, String ods) {
        return new RoleHeld(role, ods, LONG_AGO, null);
    }

    static Practice practice(
            String ods, Nation nation, ContractType contract, PracticeStatus status, LocalDate closed) {
        return new Practice(
                ods,
                "Practice " + ods,
                "TS1 1AA",
                "QHM",
                "16C",
                status,
                nation,
                contract,
                5000,
                null,
                LocalDate.of(1974, 4, 1),
                closed);
    }
}
