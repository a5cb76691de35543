package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.TestMenus;
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
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

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

    @Autowired
    WebApplicationContext context;

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
    void theNoticeLeavesOutWhatTheDirectoryDoesNotGiveOfThePracticesAddress_ratherThanPrintingAStrayComma() {
        String noPostcode = TestPractices.add(jdbc);
        String noLines = TestPractices.add(jdbc);
        String neither = TestPractices.add(jdbc);
        // The ODS file's postcode and address line fields may be empty, and an import keeps them so.
        jdbc.sql("update practices.practice set postcode = '' where ods_code in (:noPostcode, :neither)")
                .param("noPostcode", noPostcode)
                .param("neither", neither)
                .update();
        jdbc.sql("update practices.practice set address_lines = '{}' where ods_code in (:noLines, :neither)")
                .param("noLines", noLines)
                .param("neither", neither)
                .update();
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        assertThat(noticeText(admin, noPostcode))
                .contains("TEST PRACTICE " + noPostcode + " 1 HIGH STREET What we are doing and why");
        assertThat(noticeText(admin, noLines))
                .contains("TEST PRACTICE " + noLines + " TS1 1AA What we are doing and why");
        assertThat(noticeText(admin, neither)).contains("TEST PRACTICE " + neither + " What we are doing and why");
    }

    /** The notice as printed: its words only, each run of spaces, tags and line breaks one space. */
    private static String noticeText(Http admin, String ods) {
        Http.Response notice = admin.get("/actions/practices/" + ods + "/notice");
        assertThat(notice.status()).as(notice.body()).isEqualTo(200);
        return notice.body().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
    }

    /**
     * A practice may take any one action without the others of its kind, so what patients read of an action taken alone
     * is that action's own sentence and no other's: action 2 alone once read that referrals go on clinical need alone,
     * which is action 4, and action 6 alone that records are used in ways the practice can check, which is action 5.
     */
    @Test
    void eachShippedActionTakenAloneIsDescribedToPatientsInItsOwnSentenceAndNoOthers() {
        // As published last: another test of this context may have retired one since (a practice keeps it).
        List<MenuAction> shipped = IntStream.rangeClosed(1, 10)
                .mapToObj(number -> menu.lastPublished(number).orElseThrow())
                .toList();
        Http anyone = new Http(port);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (MenuAction action : shipped) {
            Practice practice = practices
                    .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                    .orElseThrow();
            if (menu.current().action(action.number()).isPresent()) {
                actions.choose(practice, action.number(), "2024-09-02", null, ADMIN);
            } else {
                jdbc.sql("""
                                insert into actions.action_period (ods_code, action_number, from_on)
                                values (:ods, :number, date '2024-09-02')
                                """)
                        .param("ods", practice.odsCode())
                        .param("number", action.number())
                        .update();
            }
            String notice = HtmlUtils.htmlUnescape(noticeText(admin, practice.odsCode()));
            String guidance = HtmlUtils.htmlUnescape(
                    anyone.get("/actions/guidance/" + action.number()).body());
            assertThat(notice).as("notice of action " + action.number()).contains(action.forPatients());
            assertThat(guidance).as("guidance on action " + action.number()).contains(action.forPatients());
            for (MenuAction other : shipped) {
                if (!other.forPatients().equals(action.forPatients())) {
                    assertThat(notice)
                            .as("notice of action " + action.number() + " alone")
                            .doesNotContain(other.forPatients());
                    assertThat(guidance)
                            .as("guidance on action " + action.number())
                            .doesNotContain(other.forPatients());
                }
            }
        }
        assertThat(shipped.stream().map(MenuAction::forPatients).distinct())
                .as("each shipped action has a sentence of its own")
                .hasSize(shipped.size());
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
            // A version published before the limit was kept to action 1 gives action 5 one too.
            int next = TestMenus.publishAgain(jdbc, current);
            jdbc.sql("update actions.menu_action set daily_contact_limit = 20 where version = :next and number = 5")
                    .param("next", next)
                    .update();
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

    @Test
    void anotherCapacityActionDoesNotPromiseASafeNumberOfPatientsADayWhichOnlySafeWorkingDoes() throws Exception {
        TestAdmin.MockMvcSignIn signedIn = TestAdmin.signInByMockMvc(context);
        MockMvc mvc = signedIn.mvc();
        MockHttpSession session = signedIn.session();
        // The menu is changed in a transaction that is rolled back, and the notice is fetched through MockMvc on this
        // thread, so it sees the change and every other test sees the menu as it was.
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            Practice practice = practices
                    .find(TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null))
                    .orElseThrow();
            int current = menu.current().version();
            int added = jdbc.sql("select max(number) + 1 from actions.menu_action")
                    .query(Integer.class)
                    .single();
            int next = TestMenus.publishAgain(jdbc, current);
            // An administrator adds a second Capacity action, which caps nobody's day.
            jdbc.sql("""
                            insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                                                             category, may_de_escalate, phase, daily_contact_limit)
                            values (:next, :number, 'Protect time for home visits',
                                    'Keep two hours a day free of booked appointments for home visits.',
                                    'Housebound patients wait longest when every hour is booked.',
                                    'We keep time free every day to visit patients at home.',
                                    'https://www.bma.org.uk/gpaction', 'CAPACITY', true, 1, null)
                            """).param("next", next).param("number", added).update();
            actions.choose(practice, added, LocalDate.now(UkTime.ZONE).toString(), null, ADMIN);

            assertThat(notice(mvc, session, practice))
                    .as("only action 1 promises a safe number of patients a day")
                    .doesNotContain("safe number of patients")
                    .contains("We keep time free every day to visit patients at home.")
                    .contains("Other places to get help");

            actions.choose(practice, ActionsInForce.SAFE_WORKING, "2024-09-02", null, ADMIN);
            assertThat(notice(mvc, session, practice))
                    .contains("Each of our doctors and nurses sees a safe number of patients a day")
                    .contains("We keep time free every day to visit patients at home.")
                    .contains("When we are full");
        });
    }

    private static String notice(MockMvc mvc, MockHttpSession session, Practice practice) {
        try {
            MockHttpServletResponse response = mvc.perform(
                            MockMvcRequestBuilders.get("/actions/practices/" + practice.odsCode() + "/notice")
                                    .session(session)
                                    .header("Accept", "text/html"))
                    .andReturn()
                    .getResponse();
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
            return response.getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
