package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.common.UkTime;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.ExtendedModelMap;

/** The notice a practice prints for its patients says only what the practice is doing today. */
@GpActionTest
class PatientNoticeTests {

    private static final StaffPrincipal ADMIN =
            new StaffPrincipal(1, "admin@test", null, StaffRole.ADMIN, Set.of(), null, true, 0);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @Autowired
    PracticeActions actions;

    @Autowired
    PatientNoticeController notices;

    @Autowired
    Practices practices;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aPracticeWhoseActionsAreOnlyPlannedIsNotSaidToBeMakingChanges() {
        Practice practice = practices
                .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                .orElseThrow();
        LocalDate nextWeek = LocalDate.now(UkTime.ZONE).plusDays(7);
        actions.choose(practice, 2, nextWeek.toString(), null, ADMIN);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String notice = admin.get("/actions/practices/" + practice.odsCode() + "/notice")
                .body();

        assertThat(notice)
                .doesNotContain("we are making some changes")
                .doesNotContain("None of them breaks our")
                .contains("We are not making any changes yet.");

        actions.choose(practice, 5, "2024-09-02", null, ADMIN);
        assertThat(admin.get("/actions/practices/" + practice.odsCode() + "/notice")
                        .body())
                .contains("we are making some changes")
                .contains("None of them breaks our")
                .doesNotContain("We are not making any changes yet.");
    }

    @Test
    void theNoticePromisesADailyLimitOnlyWhileSafeWorkingWhichTheBoardEnforcesIsInForce() {
        Practice practice = practices
                .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                .orElseThrow();
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            int current = menu.current().version();
            jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
            // A version published before the limit was kept to action 1 gives action 5 one too.
            jdbc.sql("""
                            insert into actions.menu_version (version, status, published_on, created_at, created_by,
                                                              published_at, published_by)
                            values (:next, 'PUBLISHED', current_date, now(), 'test', now(), 'test')
                            """).param("next", current + 1).update();
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, guidance_url,
                                                             category, may_de_escalate, phase, daily_contact_limit)
                            select :next, number, title, what, why, guidance_url, category, may_de_escalate, phase,
                                   case when number = 5 then 20 else daily_contact_limit end
                            from actions.menu_action where version = :current
                            """).param("next", current + 1).param("current", current).update();
            actions.choose(practice, 5, "2024-09-02", null, ADMIN);

            ExtendedModelMap model = new ExtendedModelMap();
            notices.notice(practice.odsCode(), ADMIN, model);
            assertThat(model.get("dailyLimit"))
                    .as("the reception board caps contacts only for action 1")
                    .isEqualTo(false);

            actions.choose(practice, ActionsInForce.SAFE_WORKING, "2024-09-02", null, ADMIN);
            model = new ExtendedModelMap();
            notices.notice(practice.odsCode(), ADMIN, model);
            assertThat(model.get("dailyLimit")).isEqualTo(true);
        });
    }
}
