package org.gpaction.actions.menu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Practices' periods name an action by its number, so a phase one action that practices take is never published as
 * phase two under that number: they would be shown, counted and told as taking action that may breach their contract
 * without having chosen it. Made in transactions that are rolled back, or cleaned up after, so the shared menu is as it
 * was for every other test.
 */
@GpActionTest
class PhaseChangeTests {

    private static final Pattern REVISION = Pattern.compile("type=\"hidden\" name=\"revision\" value=\"([^\"]*)\"");

    /** Stop rationing referrals and investigations: phase one, no daily contact limit, no deferrals to keep. */
    private static final int ACTION = 4;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @Autowired
    MenuDrafts drafts;

    @Autowired
    DraftRevisions revisions;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    private String committedPractice;

    @AfterEach
    void noDraftNorPeriodLeft() {
        jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
        if (committedPractice != null) {
            jdbc.sql("delete from actions.action_period where ods_code = :ods")
                    .param("ods", committedPractice)
                    .update();
        }
    }

    @Test
    void aPhaseOneActionPracticesTakeOrPlanIsNotSavedAsPhaseTwo() {
        rolledBack(() -> {
            MenuAction inForce = menu.current().action(ACTION).orElseThrow();
            assertThat(inForce.mayBreachContract()).isFalse();
            LocalDate today = today();
            period(TestPractices.add(jdbc), today.minusDays(30), null, null);
            period(TestPractices.add(jdbc), today.plusDays(7), null, null);
            // Neither taken nor planned: one stopped before today, one withdrawn before the day it was to start.
            period(TestPractices.add(jdbc), today.minusDays(60), today.minusDays(10), "STOPPED");
            period(TestPractices.add(jdbc), today.plusDays(3), today.plusDays(3), "WITHDRAWN");
            drafts.startDraft("test");

            assertThatThrownBy(() -> save(phase(inForce, 2), ACTION))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.errors())
                                    .singleElement()
                                    .satisfies(error -> assertThat(error)
                                            .containsEntry("field", "phase")
                                            .hasEntrySatisfying(
                                                    "message",
                                                    message -> assertThat(message)
                                                            .startsWith("Action " + ACTION + ", \"" + inForce.title()
                                                                    + "\", was published as phase one and 2 practices take it"
                                                                    + " or plan to:")
                                                            .contains("retire it and add a new action with a number no"
                                                                    + " version has used, such as "))));
            assertThat(menu.draft().orElseThrow().action(ACTION))
                    .as("nothing was saved")
                    .hasValueSatisfying(kept -> assertThat(kept.phase()).isEqualTo(1));

            // Its other fields may still change, and it may stay phase one.
            save(retitled(phase(inForce, 1), "Stop rationing referrals"), ACTION);
            assertThat(menu.draft().orElseThrow().action(ACTION))
                    .hasValueSatisfying(kept -> assertThat(kept.title()).isEqualTo("Stop rationing referrals"));
        });
    }

    @Test
    void aPhaseOneActionNobodyTakesMayBecomePhaseTwoAndPhaseTwoMayAlwaysBecomePhaseOne() {
        rolledBack(() -> {
            MenuAction inForce = menu.current().action(ACTION).orElseThrow();
            drafts.startDraft("test");

            save(phase(inForce, 2), ACTION);
            assertThat(menu.draft().orElseThrow().action(ACTION))
                    .hasValueSatisfying(saved -> assertThat(saved.phase()).isEqualTo(2));

            // Published as phase two and taken, it may come back to phase one.
            jdbc.sql("update actions.menu_action set phase = 2 where version = :version and number = :number")
                    .param("version", menu.current().version())
                    .param("number", ACTION)
                    .update();
            period(TestPractices.add(jdbc), today().minusDays(30), null, null);
            save(phase(inForce, 1), ACTION);
            assertThat(menu.draft().orElseThrow().action(ACTION))
                    .hasValueSatisfying(saved -> assertThat(saved.phase()).isEqualTo(1));
        });
    }

    @Test
    void aDraftMadePhaseTwoBeforeAPracticeChoseTheActionIsNotPublished() {
        rolledBack(() -> {
            MenuAction inForce = menu.current().action(ACTION).orElseThrow();
            int version = menu.current().version();
            drafts.startDraft("test");
            save(phase(inForce, 2), ACTION);
            period(TestPractices.add(jdbc), today().minusDays(1), null, null);

            assertThatThrownBy(() -> drafts.publish("test", revisions.current().orElseThrow()))
                    .isInstanceOfSatisfying(
                            InvalidRequest.class,
                            e -> assertThat(e.getMessage())
                                    .startsWith("Action " + ACTION + ", \"" + inForce.title()
                                            + "\", was published as phase one and 1 practice takes it or plans to:")
                                    .endsWith("(change action " + ACTION + " before publishing)"));
            assertThat(menu.draft()).as("the draft is kept").isPresent();
            assertThat(menu.current().version()).as("nothing was published").isEqualTo(version);
        });
    }

    @Test
    void theDraftPageRefusesThePhaseBesideItsFieldAndSavesNothing() {
        jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
        MenuAction inForce = menu.current().action(ACTION).orElseThrow();
        committedPractice = TestPractices.add(jdbc);
        period(committedPractice, today().minusDays(30), null, null);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/admin/actions/menu");
        assertThat(admin.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        String page = "/admin/actions/menu/draft/actions/" + ACTION;
        Http.Response form = admin.get(page);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        Matcher revision = REVISION.matcher(form.body());
        assertThat(revision.find()).isTrue();
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("number", String.valueOf(ACTION));
        typed.put("title", inForce.title());
        typed.put("what", inForce.what());
        typed.put("why", inForce.why());
        typed.put("forPatients", inForce.forPatients());
        typed.put("guidanceUrl", inForce.guidanceUrl());
        typed.put("category", inForce.category().name());
        typed.put("mayDeEscalate", String.valueOf(inForce.mayDeEscalate()));
        typed.put("phase", "2");
        typed.put("dailyContactLimit", "");
        typed.put("revision", revision.group(1));

        Http.Response refused = admin.postForm(page, typed);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"phase-error\"")
                .contains("was published as phase one and")
                .contains("retire it and add a new action");
        assertThat(menu.draft().orElseThrow().action(ACTION))
                .hasValueSatisfying(kept -> assertThat(kept.phase()).isEqualTo(1));
    }

    /**
     * A draft saved with a phase one action made phase two before any practice took it: once one does, its publish is
     * refused. The menu page and the page asking to publish showed the email's "now phase two" line and a Publish
     * button, and said nothing of the refusal until Publish was pressed; they now say it will be refused and why, in
     * the refusal's own words.
     */
    @Test
    void theDraftAndPublishPagesSayAPublishThatWillBeRefusedIsAndWhy() {
        jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
        committedPractice = TestPractices.add(jdbc);
        period(committedPractice, today().minusDays(30), null, null);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/admin/actions/menu");
        assertThat(admin.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        // Saved as phase two before the practice chose it, as the save would now refuse it.
        jdbc.sql("""
                        update actions.menu_action set phase = 2
                        where number = :number and version = (select version from actions.menu_version
                                                              where status = 'DRAFT')
                        """).param("number", ACTION).update();

        Http.Response preview = admin.get("/admin/actions/menu/draft/publish");
        Http.Response draftPage = admin.get("/admin/actions/menu");
        Matcher revision = REVISION.matcher(preview.body());
        assertThat(revision.find()).isTrue();
        Http.Response refused =
                admin.postForm("/admin/actions/menu/draft/publish", Map.of("revision", revision.group(1)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        Matcher said = Pattern.compile(
                        "(Action " + ACTION + ", &quot;[^<]*?\\(change action " + ACTION + " before publishing\\))")
                .matcher(refused.body());
        assertThat(said.find()).as(refused.body()).isTrue();
        assertThat(said.group(1)).contains("was published as phase one and");
        for (Http.Response page : List.of(preview, draftPage)) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains("id=\"publish-refused\"")
                    .contains("Publishing this draft will be refused")
                    .contains(said.group(1));
        }
    }

    @Test
    void theEmailSaysWhichWayAnActionsPhaseChanged() {
        MenuAction phaseTwo = menu.current().action(ACTION).orElseThrow();
        phaseTwo = new MenuAction(
                phaseTwo.number(),
                phaseTwo.title(),
                phaseTwo.what(),
                phaseTwo.why(),
                phaseTwo.forPatients(),
                phaseTwo.guidanceUrl(),
                phaseTwo.category(),
                phaseTwo.mayDeEscalate(),
                2,
                phaseTwo.dailyContactLimit(),
                phaseTwo.deferrals());
        MenuAction phaseOne = menu.current().action(ACTION).orElseThrow();
        MenuVersion before = new MenuVersion(1, LocalDate.of(2024, 8, 1), List.of(phaseTwo));
        MenuVersion after = new MenuVersion(2, null, List.of(phaseOne));

        assertThat(MenuChanges.between(before, after, List.of()).describe())
                .isEqualTo("- Changed: action " + ACTION + ", " + phaseOne.title()
                        + " (now phase one: within your contract)\n");
        assertThat(MenuChanges.between(after, before, List.of()).describe())
                .isEqualTo("- Changed: action " + ACTION + ", " + phaseOne.title()
                        + " (now phase two: may breach your contract)\n");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    private void save(ActionForm form, Integer replacing) {
        drafts.save(form, replacing, revisions.current().orElseThrow(), "test");
    }

    /** Runs the test with no practice taking the action but those it records, then rolls everything back. */
    private void rolledBack(Runnable test) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("delete from actions.menu_version where status = 'DRAFT'").update();
            jdbc.sql("delete from actions.action_period where action_number = :number")
                    .param("number", ACTION)
                    .update();
            test.run();
        });
    }

    private void period(String ods, LocalDate from, LocalDate to, String endedHow) {
        jdbc.sql("""
                        insert into actions.action_period (ods_code, action_number, from_on, to_on, ended_how)
                        values (:ods, :number, :from, :to, :how)
                        """)
                .param("ods", ods)
                .param("number", ACTION)
                .param("from", java.sql.Date.valueOf(from))
                .param("to", to == null ? null : java.sql.Date.valueOf(to))
                .param("how", endedHow)
                .update();
    }

    private static ActionForm phase(MenuAction action, int phase) {
        return with(ActionForm.of(action), null, String.valueOf(phase));
    }

    private static ActionForm retitled(ActionForm form, String title) {
        return with(form, title, null);
    }

    private static ActionForm with(ActionForm form, String title, String phase) {
        return new ActionForm(
                form.number(),
                title == null ? form.title() : title,
                form.what(),
                form.why(),
                form.forPatients(),
                form.guidanceUrl(),
                form.category(),
                form.mayDeEscalate(),
                phase == null ? form.phase() : phase,
                form.dailyContactLimit(),
                form.deferral1Subject(),
                form.deferral1Detail(),
                form.deferral1ReviewOn(),
                form.deferral2Subject(),
                form.deferral2Detail(),
                form.deferral2ReviewOn());
    }
}
