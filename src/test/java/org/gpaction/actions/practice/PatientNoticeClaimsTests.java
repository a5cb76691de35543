package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;

/**
 * What a practice does once full is its own choice, made in safe working, which this module cannot read: the front
 * door may stay open and signpost, or close, which since October 2025 the contract allows only with the ICB's
 * agreement. So the notice claims nothing that choice can make untrue.
 */
@GpActionTest
class PatientNoticeClaimsTests {

    private static final StaffPrincipal ADMIN =
            new StaffPrincipal(1, "admin@test", null, StaffRole.ADMIN, Set.of(), null, true, 0);

    private static final String ACTION_9 = "We are not yet signing up to new NHS schemes for our phones and online"
            + " requests, and on a day when we are full we will tell you where else you can get help.";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @Autowired
    PracticeActions actions;

    @Autowired
    Practices practices;

    @Test
    void actionNineDoesNotSayThePracticeStopsTakingOnlineRequestsWhenFull_whichOneStayingOpenDoesNot() {
        Practice practice = practiceTaking(9);

        String notice = noticeText(practice);

        assertThat(notice).contains(ACTION_9).doesNotContain("stop taking online requests");
    }

    @Test
    void whileSafeWorkingIsInForceTheNoticeDoesNotSayNoChangeBreaksTheNhsAgreement_asClosingWhenFullMay() {
        Practice practice = practiceTaking(5);
        assertThat(noticeText(practice))
                .as("an action that cannot close the front door")
                .contains("None of them breaks our agreement with the NHS.");

        take(practice, ActionsInForce.SAFE_WORKING);

        assertThat(noticeText(practice))
                .contains("we are making some changes")
                .doesNotContain("breaks our agreement")
                .doesNotContain("agreement with the NHS");
    }

    @Test
    void whileActionNineIsInForceTheNoticeDoesNotSayNoChangeBreaksTheNhsAgreement_asItsTriageClosesWhenFull() {
        Practice practice = practiceTaking(ActionsInForce.DIGITAL_DECLARATIONS);

        assertThat(noticeText(practice))
                .contains("we are making some changes")
                .contains(ACTION_9)
                .doesNotContain("breaks our agreement")
                .doesNotContain("agreement with the NHS");
    }

    private Practice practiceTaking(int number) {
        Practice practice = practices
                .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                .orElseThrow();
        take(practice, number);
        return practice;
    }

    /** In force since before today; as published last if another test of this context has retired it since. */
    private void take(Practice practice, int number) {
        if (menu.current().action(number).isPresent()) {
            actions.choose(practice, number, "2024-09-02", null, ADMIN);
        } else {
            jdbc.sql("""
                            insert into actions.action_period (ods_code, action_number, from_on)
                            values (:ods, :number, date '2024-09-02')
                            """)
                    .param("ods", practice.odsCode())
                    .param("number", number)
                    .update();
        }
    }

    /** The notice as printed: its words only, each run of spaces, tags and line breaks one space. */
    private String noticeText(Practice practice) {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response notice = admin.get("/actions/practices/" + practice.odsCode() + "/notice");
        assertThat(notice.status()).as(notice.body()).isEqualTo(200);
        return HtmlUtils.htmlUnescape(notice.body().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " "));
    }
}
