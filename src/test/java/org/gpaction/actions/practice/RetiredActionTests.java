package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.TestMenus;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A practice still on an action the menu has since retired sees it as last published, also while a draft brings the
 * number back. Made in one transaction that is rolled back, so the shared menu is as it was for every other test.
 */
@GpActionTest
class RetiredActionTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @Autowired
    PracticeActions actions;

    @Autowired
    Practices practices;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anActionCannotBeTakenFromBeforeItCameOntoTheMenu() {
        Practice practice = practices
                .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                .orElseThrow();
        StaffPrincipal admin = new StaffPrincipal(1, "admin@test", null, StaffRole.ADMIN, Set.of(), null, true, 0);
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            int current = menu.current().version();
            int added = 97;
            // A revision published on 1 December 2025 brings action 97 onto the menu.
            int next = TestMenus.publishAgain(jdbc, current, LocalDate.of(2025, 12, 1));
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                                                             category, may_de_escalate, phase, daily_contact_limit)
                            select :next, :added, 'Added later', what, why, for_patients, guidance_url, category, may_de_escalate,
                                   phase, daily_contact_limit
                            from actions.menu_action where version = :current
                            order by number limit 1
                            """)
                    .param("next", next)
                    .param("current", current)
                    .param("added", added)
                    .update();

            assertThatThrownBy(() -> actions.choose(practice, added, "2025-11-30", null, admin))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error)
                                            .containsEntry("field", "from")
                                            .containsEntry(
                                                    "message",
                                                    "Action 97 came onto the menu on 1 December 2025: enter a start date on"
                                                            + " or after it")));
            assertThat(actions.choose(practice, added, "2025-12-01", null, admin)
                            .from())
                    .hasToString("2025-12-01");
        });
    }

    @Test
    void anActionRetiredThenBroughtBackInADraftStillShowsOnThePracticeAsLastPublished() {
        String ods = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            int current = menu.current().version();
            int retiredNumber = menu.current().actions().get(0).number();
            String title = menu.current().actions().get(0).title();
            // The next version retires the action; the draft after it brings the number back with a new title.
            int draft = TestMenus.retire(jdbc, current, retiredNumber) + 1;
            jdbc.sql("""
                            insert into actions.menu_version (version, status, published_on, created_at, created_by,
                                                              published_at, published_by)
                            values (:draft, 'DRAFT', null, now(), 'test', null, null)
                            """).param("draft", draft).update();
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                                                             category, may_de_escalate, phase, daily_contact_limit)
                            select :draft, number, 'Brought back', what, why, for_patients, guidance_url, category,
                                   may_de_escalate, phase, daily_contact_limit
                            from actions.menu_action where version = :current and number = :retired
                            """)
                    .param("draft", draft)
                    .param("current", current)
                    .param("retired", retiredNumber)
                    .update();
            jdbc.sql("insert into actions.action_period (ods_code, action_number, from_on) values (:ods, :n, :from)")
                    .param("ods", ods)
                    .param("n", retiredNumber)
                    .param("from", java.sql.Date.valueOf("2024-09-02"))
                    .update();

            PracticeActions.Overview overview =
                    actions.overview(practices.find(ods).orElseThrow());

            assertThat(overview.current())
                    .singleElement()
                    .satisfies(inForce -> assertThat(inForce.action().title())
                            .as("as the last published version gave it, not the draft")
                            .isEqualTo(title));
        });
    }

    @Test
    void anActionRetiredFromTheMenuCanStillBeDeEscalatedAsItsLastPublishedVersionAllowed() {
        Practice practice = practices
                .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                .orElseThrow();
        StaffPrincipal admin = new StaffPrincipal(1, "admin@test", null, StaffRole.ADMIN, Set.of(), null, true, 0);
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            int current = menu.current().version();
            int retiredNumber = menu.current().actions().stream()
                    .filter(MenuAction::mayDeEscalate)
                    .findFirst()
                    .orElseThrow()
                    .number();
            actions.choose(practice, retiredNumber, "2024-09-02", null, admin);
            // The next version retires the action while the practice still has it in force.
            TestMenus.retire(jdbc, current, retiredNumber);

            ActionPeriod ended =
                    actions.stop(practice, retiredNumber, "2025-01-06", "Agreed locally", EndedHow.DE_ESCALATED, admin);

            assertThat(ended.endedHow()).isEqualTo(EndedHow.DE_ESCALATED);
        });
    }

    @Test
    void anActionRetiredFromTheMenuIsNamedByItsTitleInThePracticesTimelineAndHistory() {
        Practice practice = practices
                .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                .orElseThrow();
        StaffPrincipal admin = new StaffPrincipal(1, "admin@test", null, StaffRole.ADMIN, Set.of(), null, true, 0);
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            int current = menu.current().version();
            MenuAction taken = menu.current().actions().get(1);
            actions.choose(practice, taken.number(), "2024-09-02", null, admin);
            actions.stop(practice, taken.number(), "2024-10-01", "Agreed locally", EndedHow.STOPPED, admin);
            // The next version retires the action the practice took and stopped.
            TestMenus.retire(jdbc, current, taken.number());

            PracticeActions.Overview overview = actions.overview(practice);

            assertThat(overview.timeline())
                    .extracting(event -> overview.titleOf(event.actionNumber()))
                    .as("the timeline's headings, as the practice page shows them")
                    .containsExactly(taken.number() + ". " + taken.title(), taken.number() + ". " + taken.title());
            assertThat(overview.history())
                    .singleElement()
                    .satisfies(period -> assertThat(PracticeActionsApiController.period(period, overview)
                                    .title())
                            .as("the title the API gives the period in the history")
                            .isEqualTo(taken.title()));
        });
    }
}
