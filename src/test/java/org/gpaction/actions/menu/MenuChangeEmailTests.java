package org.gpaction.actions.menu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.ActionsTestData;
import org.gpaction.actions.Category;
import org.gpaction.actions.MenuAction;
import org.gpaction.actions.MenuVersion;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Practices' periods name an action by its number, so a practice taking an action whose words a new version changes
 * now takes it as the new version words it: the email says so for that practice, and says nothing changes only for
 * practices taking none of the changed actions. The menu itself is published only where a test says so, and those
 * versions are removed after it, so it stays as it was for every other test.
 */
@GpActionTest
class MenuChangeEmailTests {

    /** Stop rationing referrals and investigations: reworded, title and what a practice does. */
    private static final int REWORDED = 4;

    /** Retitled only. */
    private static final int RETITLED = 5;

    /** Left as it is. */
    private static final int UNCHANGED = 2;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionMenu menu;

    @Autowired
    MenuChangeEmails emails;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    @Autowired
    MenuDrafts drafts;

    @Autowired
    DraftRevisions revisions;

    private final List<String> practices = new ArrayList<>();

    @AfterEach
    void noPeriodNorSubscriptionLeft() {
        for (String table : List.of("actions.action_period", "actions.subscription")) {
            jdbc.sql("delete from " + table + " where ods_code = any(:practices)")
                    .param("practices", practices.toArray(String[]::new))
                    .update();
        }
    }

    @Test
    void aPracticeTakingAnActionThatNowReadsDifferentlyIsToldWhichRatherThanThatNothingChanges() {
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        String taking = practice(data);
        String notTaking = practice(data);
        String planning = practice(data);
        String managerOfTwo = data.practiceManager(taking, notTaking);
        String managerOfPlanning = data.practiceManager(planning);
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        period(taking, REWORDED, today.minusDays(30), null, null);
        period(taking, RETITLED, today.minusDays(30), null, null);
        period(planning, REWORDED, today.plusDays(7), null, null);
        // Neither in force nor planned: stopped before today, and withdrawn before its first day; and an action left
        // as it was, in force.
        period(notTaking, REWORDED, today.minusDays(60), today.minusDays(10), "STOPPED");
        period(notTaking, REWORDED, today.plusDays(3), today.plusDays(3), "WITHDRAWN");
        period(notTaking, UNCHANGED, today.minusDays(30), null, null);
        subscribe(managerOfTwo, taking, notTaking);
        subscribe(managerOfPlanning, planning);

        int version = tellOfNext(menu.current(), today, action -> switch (action.number()) {
                    case REWORDED ->
                        reworded(
                                action,
                                "Refer as each patient needs",
                                "Refer, investigate and admit as each patient needs, whatever local rules say.");
                    case RETITLED -> reworded(action, "Switch off third-party coding", action.what());
                    default -> action;
                })
                .version();

        String toManagerOfTwo = mailTo(managerOfTwo, version);
        assertThat(toManagerOfTwo)
                .contains("Actions " + REWORDED + ", \"Refer as each patient needs\" (changed: title and what a"
                        + " practice does), and " + RETITLED + ", \"Switch off third-party coding\" (changed: title),"
                        + " now read differently for " + named(taking)
                        + ", which has them in force or planned: the practice now takes them as version " + version
                        + " words them. If it does not take one as it now reads, stop it on the practice's page.")
                .contains("Nothing changes for your practice, " + named(notTaking)
                        + ", unless you choose: record any change on the practice's page.")
                .doesNotContain("Nothing changes for your practices")
                .doesNotContain("Nothing changes for your practice, " + named(taking));
        String toManagerOfPlanning = mailTo(managerOfPlanning, version);
        assertThat(toManagerOfPlanning)
                .contains("Action " + REWORDED + ", \"Refer as each patient needs\" (changed: title and what a"
                        + " practice does), now reads differently for "
                        + named(planning) + ", which has it in force or planned: the practice now takes it as version "
                        + version + " words it. If it does not take it as it now reads, stop it on the practice's"
                        + " page.")
                .doesNotContain("Nothing changes");
    }

    /**
     * A new guidance link, category or leave to de-escalate given changes nothing a practice taking the action takes on:
     * the practice is told nothing changes for it, as the email says of practices taking no changed action.
     */
    @Test
    void aPracticeTakingAnActionWhoseGuidanceLinkCategoryOrDeEscalationAloneChangedIsToldNothingChanges() {
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        String taking = practice(data);
        String manager = data.practiceManager(taking);
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        period(taking, REWORDED, today.minusDays(30), null, null);
        period(taking, RETITLED, today.plusDays(7), null, null);
        subscribe(manager, taking);

        // As if the action retitled here could not be de-escalated before, so that the new version gives it leave.
        MenuVersion current = asIfDeEscalation(RETITLED, false);
        Told told = tellOfNext(current, today, action -> switch (action.number()) {
            case REWORDED ->
                otherwise(action, "https://example.org/new-guidance", action.category(), action.mayDeEscalate());
            case RETITLED ->
                otherwise(
                        action,
                        action.guidanceUrl(),
                        action.category() == Category.CONTRACTS ? Category.DIGITAL : Category.CONTRACTS,
                        true);
            default -> action;
        });
        assertThat(told.changes().changed()).as("both actions changed").hasSize(2);

        String body = mailTo(manager, told.version());
        assertThat(body)
                .contains("- Changed: action " + REWORDED + ", ")
                .contains("Nothing changes for your practice, " + named(taking)
                        + ", unless you choose: record any change on the practice's page.")
                .doesNotContain("differently");
    }

    /**
     * Leave to de-escalate taken away does change what a practice taking the action takes on, as it can no longer
     * record the action as de-escalated: the practice is told so, not that nothing changes.
     */
    @Test
    void aPracticeTakingAnActionThatMayNoLongerBeDeEscalatedIsToldSo_notThatNothingChanges() {
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        String taking = practice(data);
        String manager = data.practiceManager(taking);
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        period(taking, REWORDED, today.minusDays(30), null, null);
        subscribe(manager, taking);

        MenuVersion current = asIfDeEscalation(REWORDED, true);
        int version = tellOfNext(
                        current,
                        today,
                        action -> action.number() == REWORDED
                                ? otherwise(action, action.guidanceUrl(), action.category(), false)
                                : action)
                .version();

        String body = mailTo(manager, version);
        assertThat(body)
                .contains("(changed: no longer may be de-escalated)")
                .contains("now reads differently for " + named(taking))
                .doesNotContain("Nothing changes");
    }

    /**
     * A practice's patient notice prints, for each action in force, the sentence the menu in force gives it: a new
     * sentence changes the notice of a practice with the action in force, which is told to print it again. A practice
     * only planning the action has no notice saying it yet, and one that stopped it none any more: nothing changes for
     * them.
     */
    @Test
    void aPracticeWithAnActionInForceWhoseSentenceForPatientsChangedIsToldItsNoticeNowSaysSomethingElse() {
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        String inForce = practice(data);
        String planning = practice(data);
        String stopped = practice(data);
        String manager = data.practiceManager(inForce, planning, stopped);
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        period(inForce, REWORDED, today.minusDays(30), null, null);
        period(planning, REWORDED, today.plusDays(7), null, null);
        period(stopped, REWORDED, today.minusDays(60), today.minusDays(10), "STOPPED");
        subscribe(manager, inForce, planning, stopped);

        int version = tellOfNext(
                        menu.current(),
                        today,
                        action -> action.number() == REWORDED
                                ? forPatients(action, "We refer you as you need, without local forms.")
                                : action)
                .version();

        String body = mailTo(manager, version);
        assertThat(body)
                .contains("- Changed: action " + REWORDED + ", ")
                .contains("The patient notice of " + named(inForce) + " now says what version " + version
                        + " says action " + REWORDED + ", \""
                        + menu.current().action(REWORDED).orElseThrow().title()
                        + "\", means for patients: print the notice again from the practice's page.")
                .doesNotContain("differently");
        assertThat(body.lines().filter(line -> line.startsWith("Nothing changes")))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("Nothing changes for your practices, ")
                .contains(named(planning))
                .contains(named(stopped))
                .doesNotContain(named(inForce));
    }

    /**
     * A retired action brought back in new words was told as new, so a practice still taking it since it was retired
     * was told nothing changes for it, though it now takes the action in the new words and its notice says the new
     * sentence. Both versions are published, as an administrator publishes them, and removed after.
     */
    @Test
    void aPracticeStillTakingARetiredActionBroughtBackInNewWordsIsToldItReadsDifferentlyAndToPrintItsNoticeAgain() {
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        String taking = practice(data);
        String manager = data.practiceManager(taking);
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        MenuVersion before = menu.current();
        assertThat(menu.draft())
                .as("no draft open, which this test would discard")
                .isEmpty();
        MenuAction retired = before.actions().get(before.actions().size() - 1);
        int number = retired.number();
        period(taking, number, today.minusDays(30), null, null);
        subscribe(manager, taking);
        try {
            drafts.startDraft("test");
            drafts.retire(number, revisions.current().orElseThrow(), "test");
            drafts.publish("test", revisions.current().orElseThrow());
            drafts.startDraft("test");
            ActionForm was = ActionForm.of(retired);
            drafts.save(
                    new ActionForm(
                            was.number(),
                            was.title(),
                            "Hold off on every pilot until the dispute is settled.",
                            was.why(),
                            "We are not starting new services until the dispute is settled.",
                            was.guidanceUrl(),
                            was.category(),
                            was.mayDeEscalate(),
                            was.phase(),
                            was.dailyContactLimit(),
                            was.deferral1Subject(),
                            was.deferral1Detail(),
                            was.deferral1ReviewOn(),
                            was.deferral2Subject(),
                            was.deferral2Detail(),
                            was.deferral2ReviewOn()),
                    null,
                    revisions.current().orElseThrow(),
                    "test");
            int version =
                    drafts.publish("test", revisions.current().orElseThrow()).version();

            String body = mailTo(manager, version);
            assertThat(body)
                    .contains("Action " + number + ", \"" + retired.title() + "\" (changed: what a practice does), now"
                            + " reads differently for " + named(taking))
                    .contains("The patient notice of " + named(taking) + " now says what version " + version
                            + " says action " + number + ", \"" + retired.title()
                            + "\", means for patients: print the notice again from the practice's page.")
                    .doesNotContain("Nothing changes");
        } finally {
            jdbc.sql("delete from actions.menu_version where version > :version or status = 'DRAFT'")
                    .param("version", before.version())
                    .update();
        }
    }

    /**
     * A phase two action brought back still may breach the contract of a practice that takes it, as a new one does: the
     * draft and publish pages and the email say so. It is added, retired and brought back, each version published as
     * an administrator publishes it, and all removed after.
     */
    @Test
    void aPhaseTwoActionBroughtBackIsToldAsMayBreachTheContractAsANewOneIs() {
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        String subscribed = practice(data);
        String manager = data.practiceManager(subscribed);
        subscribe(manager, subscribed);
        MenuVersion before = menu.current();
        assertThat(menu.draft())
                .as("no draft open, which this test would discard")
                .isEmpty();
        int number = jdbc.sql("select max(number) + 1 from actions.menu_action")
                .query(Integer.class)
                .single();
        ActionForm like = ActionForm.of(before.actions().get(0));
        String title = "Decline work outside the contract " + number;
        try {
            drafts.startDraft("test");
            drafts.save(
                    new ActionForm(
                            String.valueOf(number),
                            title,
                            like.what(),
                            like.why(),
                            like.forPatients(),
                            like.guidanceUrl(),
                            like.category(),
                            like.mayDeEscalate(),
                            "2",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null),
                    null,
                    revisions.current().orElseThrow(),
                    "test");
            drafts.publish("test", revisions.current().orElseThrow());
            drafts.startDraft("test");
            ActionForm phaseTwo = ActionForm.of(menu.current().action(number).orElseThrow());
            drafts.retire(number, revisions.current().orElseThrow(), "test");
            drafts.publish("test", revisions.current().orElseThrow());
            drafts.startDraft("test");
            drafts.save(phaseTwo, null, revisions.current().orElseThrow(), "test");

            Http admin = new Http(port);
            admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
            for (String page : List.of("/admin/actions/menu", "/admin/actions/menu/draft/publish")) {
                Http.Response shown = admin.get(page);
                assertThat(shown.status()).as(page).isEqualTo(200);
                assertThat(shown.body())
                        .as(page)
                        .contains("Back on the menu: " + number + ". " + title + " (phase two: may breach contract)");
            }
            int version =
                    drafts.publish("test", revisions.current().orElseThrow()).version();
            assertThat(mailTo(manager, version))
                    .contains("- Back on the menu: action " + number + ", " + title
                            + " (phase two: may breach your contract)");
        } finally {
            jdbc.sql("delete from actions.menu_version where version > :version or status = 'DRAFT'")
                    .param("version", before.version())
                    .update();
        }
    }

    /** The version a test told subscribers of, and what it changed. */
    private record Told(int version, MenuChanges changes) {}

    /** The menu in force, as if action {@code number} could (or could not) be de-escalated there. */
    private MenuVersion asIfDeEscalation(int number, boolean mayDeEscalate) {
        MenuVersion published = menu.current();
        List<MenuAction> actions = new ArrayList<>(published.actions());
        actions.replaceAll(action -> action.number() == number
                ? otherwise(action, action.guidanceUrl(), action.category(), mayDeEscalate)
                : action);
        return new MenuVersion(published.version(), null, actions);
    }

    /** Tells subscribers of the version after {@code current}, each of its actions as {@code change} makes it. */
    private Told tellOfNext(MenuVersion current, LocalDate today, UnaryOperator<MenuAction> change) {
        List<MenuAction> actions = new ArrayList<>(current.actions());
        actions.replaceAll(change);
        int version = current.version() + 1;
        MenuChanges changes = MenuChanges.between(current, new MenuVersion(version, null, actions), List.of());
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> emails.tellSubscribers(version, changes, today));
        return new Told(version, changes);
    }

    private static String mailTo(String email, int version) {
        return TestMailbox.awaitMessageTo(email, "The action menu has changed: version " + version)
                .body()
                .replace("\r\n", "\n");
    }

    private String practice(ActionsTestData data) {
        String ods = data.practice();
        practices.add(ods);
        return ods;
    }

    private static String named(String ods) {
        return "ACTION TEST PRACTICE " + ods + " (" + ods + ")";
    }

    private static MenuAction reworded(MenuAction action, String title, String what) {
        return new MenuAction(
                action.number(),
                title,
                what,
                action.why(),
                action.forPatients(),
                action.guidanceUrl(),
                action.category(),
                action.mayDeEscalate(),
                action.phase(),
                action.dailyContactLimit(),
                action.deferrals());
    }

    private static MenuAction forPatients(MenuAction action, String forPatients) {
        return new MenuAction(
                action.number(),
                action.title(),
                action.what(),
                action.why(),
                forPatients,
                action.guidanceUrl(),
                action.category(),
                action.mayDeEscalate(),
                action.phase(),
                action.dailyContactLimit(),
                action.deferrals());
    }

    private static MenuAction otherwise(
            MenuAction action, String guidanceUrl, Category category, boolean mayDeEscalate) {
        return new MenuAction(
                action.number(),
                action.title(),
                action.what(),
                action.why(),
                action.forPatients(),
                guidanceUrl,
                category,
                mayDeEscalate,
                action.phase(),
                action.dailyContactLimit(),
                action.deferrals());
    }

    private void subscribe(String email, String... odsCodes) {
        for (String ods : odsCodes) {
            jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                    .param("ods", ods)
                    .param("email", email)
                    .update();
        }
    }

    private void period(String ods, int number, LocalDate from, LocalDate to, String endedHow) {
        jdbc.sql("""
                        insert into actions.action_period (ods_code, action_number, from_on, to_on, ended_how)
                        values (:ods, :number, :from, :to, :how)
                        """)
                .param("ods", ods)
                .param("number", number)
                .param("from", java.sql.Date.valueOf(from))
                .param("to", to == null ? null : java.sql.Date.valueOf(to))
                .param("how", endedHow)
                .update();
    }
}
