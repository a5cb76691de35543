package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * No practice is recorded taking a phase two action without its choose page having warned that it may breach the
 * contract: not from a page opened before the action was published as phase two, and not by a choice made as that
 * version is being published, which either finishes first and is counted (the publish is then refused) or waits for it
 * and reads it. Each test adds an action of its own under a number no version has used, in versions it removes after,
 * so the shared menu is as it was for every other test.
 */
@GpActionTest
class PhaseTwoChoiceTests {

    private static final String TITLE = "Work to the letter of the contract";
    private static final Pattern MENU_VERSION = Pattern.compile("name=\"menuVersion\" value=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    MenuPublishing menus;
    ActionsTestData data;
    Http manager;
    String managerEmail;
    String ods;
    String choose;
    int before;
    int number;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        menus = new MenuPublishing(jdbc, clock, port);
        data = new ActionsTestData(jdbc, new Http(port));
        ods = data.practice();
        managerEmail = data.practiceManager(ods);
        manager = new Http(port);
        manager.signIn(managerEmail, ActionsTestData.PASSWORD);
        choose = "/actions/practices/" + ods + "/choose";
        before = menus.currentVersion();
        number = jdbc.sql("select max(number) + 1 from actions.menu_action")
                .query(Integer.class)
                .single();
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void putTheMenuBack() {
        threads.shutdownNow();
        jdbc.sql("delete from actions.action_period where ods_code = :ods")
                .param("ods", ods)
                .update();
        jdbc.sql("delete from actions.practice_event where ods_code = :ods")
                .param("ods", ods)
                .update();
        menus.removeVersionsAfter(before);
    }

    @Test
    void anActionPublishedAsPhaseTwoAfterTheChoosePageWasOpenedIsRefusedWithItsWarningAndNothingIsRecorded() {
        int shown = publishWithTheNewAction();
        Http.Response page = manager.get(choose);
        assertThat(hint(page.body())).as("phase one as the page is opened").doesNotContain("Phase two");
        String version = menuVersion(page.body());
        int raised = publishAgainAsPhaseTwo(shown);

        Http.Response refused = manager.postForm(choose, choice(version));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .contains("id=\"actionNumber-error\"")
                .contains("Action " + number + ", &quot;" + TITLE + "&quot;, became phase two after this page was"
                        + " opened, so the page did not warn you that it may breach your contract. Nothing was"
                        + " recorded")
                .doesNotContainPattern("value=\"" + number + "\"[^>]*checked");
        assertThat(hint(refused.body())).contains("Phase two: this action may breach your contract.");
        assertThat(menuVersion(refused.body())).isEqualTo(String.valueOf(raised));
        assertThat(periods()).as("nothing recorded").isZero();

        // A page that did not say which version it showed (one opened before it said, which may well have warned of
        // it) is refused too, saying only what is known: not that it became phase two since.
        for (String unsaid : new String[] {null, ""}) {
            Http.Response old = manager.postForm(choose, choice(unsaid));
            assertThat(old.status()).as(old.body()).isEqualTo(409);
            assertThat(old.body())
                    .as("version " + unsaid)
                    .contains("This page did not say which version of the menu it showed, so it may not have warned"
                            + " you that action " + number + ", &quot;" + TITLE + "&quot;, is phase two and may"
                            + " breach your contract. Nothing was recorded: read the warning below, take advice from"
                            + " your LMC first, and tick it again to record it")
                    .doesNotContain("after this page was opened")
                    .doesNotContainPattern("value=\"" + number + "\"[^>]*checked");
            assertThat(hint(old.body())).contains("Phase two: this action may breach your contract.");
            assertThat(periods()).as("nothing recorded").isZero();
        }

        // Chosen again from the page that warned of it, it is recorded.
        Http.Response again = manager.postForm(choose, choice(menuVersion(refused.body())));
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(periods()).isOne();
    }

    /**
     * The API has no page to warn before a choice, so its answer carries the warning the choose page shows beside a
     * phase two action, and says nothing of the kind for a phase one action.
     */
    @Test
    void anActionChosenThroughTheApiWhileItIsPhaseTwoIsAnsweredWithTheWarningTheChoosePageGives() {
        publishAgainAsPhaseTwo(publishWithTheNewAction());
        String token = data.token(managerEmail);
        String api = "/api/practices/" + ods + "/actions";
        Http client = new Http(port);
        String pageWarns = hint(manager.get(choose).body());

        Http.Response phaseOne = client.postJson(
                api, Map.of("actionNumber", 1, "from", menus.today().toString()), token);
        assertThat(phaseOne.status()).as(phaseOne.body()).isEqualTo(201);
        assertThat(phaseOne.json().has("warning")).as(phaseOne.body()).isTrue();
        assertThat(phaseOne.json().get("warning").isNull()).as(phaseOne.body()).isTrue();

        Http.Response phaseTwo = client.postJson(
                api, Map.of("actionNumber", number, "from", menus.today().toString()), token);
        assertThat(phaseTwo.status()).as(phaseTwo.body()).isEqualTo(201);
        assertThat(phaseTwo.json().has("warning")).as(phaseTwo.body()).isTrue();
        String warning = phaseTwo.json().get("warning").asString();
        assertThat(warning)
                .isEqualTo("Phase two: this action may breach your contract. Take advice from your LMC first.");
        assertThat(pageWarns).contains(warning);
    }

    /**
     * A page naming a version no published menu has (its hidden field mangled or forged) cannot show what it warned of:
     * refused for what it sent, naming the fault, even for a phase one action, and shown again as a page that said no
     * version, so an action that is phase two is still asked about.
     */
    @Test
    void aPageNamingAVersionOfTheMenuThereIsNotIsAnswered400SayingSoAndRecordsNothing() {
        publishWithTheNewAction();
        jdbc.sql("insert into actions.menu_version (version, status, created_at, created_by)"
                        + " values (:version, 'DRAFT', now(), 'test')")
                .param("version", menus.currentVersion() + 1)
                .update();

        for (String named : new String[] {"999999", "-1", "abc", " 1x", String.valueOf(menus.currentVersion() + 1)}) {
            Http.Response refused = manager.postForm(choose, choice(named));
            assertThat(refused.status())
                    .as("version " + named + ": " + refused.body())
                    .isEqualTo(400);
            assertThat(refused.body())
                    .as("version " + named)
                    .contains("This page named a version of the menu there is not, so it cannot show which actions it"
                            + " warned may breach your contract. Nothing was recorded: check the actions below and"
                            + " record them again")
                    .doesNotContain("did not say which version");
            assertThat(menuVersion(refused.body()))
                    .as("shown again saying no version")
                    .isEmpty();
            assertThat(periods()).as("nothing recorded").isZero();
        }

        Http.Response again = manager.postForm(choose, choice(""));
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(periods()).isOne();
    }

    @Test
    void anActionAlreadyInForceTickedFromAPageOpenedBeforeItWasPhaseTwoIsRefusedAsInForceNotAskedAgain() {
        int shown = publishWithTheNewAction();
        String old = menuVersion(manager.get(choose).body());
        int raised = publishAgainAsPhaseTwo(shown);
        // Chosen from a page that warned of it, in another tab, before the old page is sent.
        assertThat(manager.postForm(choose, choice(String.valueOf(raised))).status())
                .isEqualTo(302);

        Http.Response refused = manager.postForm(choose, choice(old));

        assertThat(refused.status())
                .as("ticking it again would not record it: " + refused.body())
                .isEqualTo(400);
        assertThat(refused.body())
                .contains("Action " + number + " is already in force from")
                .doesNotContain("became phase two");
        assertThat(periods()).isOne();
    }

    @Test
    void aPageFromBeforeTheActionWasPhaseTwoShownAgainForAnotherMistakeStillAsksAboutPhaseTwoWhenSentAgain() {
        int shown = publishWithTheNewAction();
        String old = menuVersion(manager.get(choose).body());
        publishAgainAsPhaseTwo(shown);

        for (String sentFrom : new String[] {old, null}) {
            Map<String, String> mistyped = choice(sentFrom);
            mistyped.put("from", "not a date");
            Http.Response refused = manager.postForm(choose, mistyped);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(periods()).as("nothing recorded").isZero();

            // Shown again for the date, the page still says what the page first sent showed, not the menu now: the
            // phase-two question is still asked once the date is put right.
            String reshown = menuVersion(refused.body());
            assertThat(reshown).as("version of the page shown again").isEqualTo(sentFrom == null ? "" : old);
            Http.Response sentAgain = manager.postForm(choose, choice(reshown));
            assertThat(sentAgain.status()).as(sentAgain.body()).isEqualTo(409);
            assertThat(sentAgain.body()).doesNotContainPattern("value=\"" + number + "\"[^>]*checked");
            assertThat(periods()).as("nothing recorded").isZero();
        }
    }

    /**
     * The choice has read the menu, with the action phase one, and is held (a test connection holds the practice's
     * lock) before it records anything; the publish of the action as phase two starts meanwhile. It must wait for the
     * choice and count it, so it is refused; it must never count before the choice is recorded and publish under it.
     */
    @Test
    void aChoiceBeingMadeAsTheActionIsPublishedAsPhaseTwoIsCountedAndThePublishIsRefused() throws Exception {
        int shown = publishWithTheNewAction();
        String version = menuVersion(manager.get(choose).body());
        Http admin = menus.adminWithADraft(this::raise);
        String revision = MenuPublishing.revision(admin);

        Future<Http.Response> choice;
        Future<Http.Response> publish;
        boolean publishWaited;
        try (Connection holder = holding(
                dataSource, "select pg_advisory_xact_lock(hashtextextended('actions.practice:' || ?, 0))", ods)) {
            choice = threads.submit(() -> manager.postForm(choose, choice(version)));
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            LockWaits.waiting(jdbc, "select pg_advisory_xact_lock(hashtextextended('actions.practice:'")
                                    > 0);
            publish = threads.submit(() -> admin.postForm(MenuPublishing.PUBLISH, Map.of("revision", revision)));
            publishWaited = menus.waitsOrIsDone(publish, "select pg_advisory_xact_lock(hashtext('actions.menu'))");
            holder.rollback();
        }
        Http.Response chosen = choice.get(30, TimeUnit.SECONDS);
        Http.Response published = publish.get(30, TimeUnit.SECONDS);

        assertThat(chosen.status()).as(chosen.body()).isEqualTo(302);
        assertThat(published.status()).as(published.body()).isEqualTo(409);
        assertThat(published.body())
                .contains("Action " + number + ", &quot;" + TITLE
                        + "&quot;, was published as phase one and 1 practice takes it or plans to");
        assertThat(menus.currentVersion()).as("nothing was published").isEqualTo(shown);
        assertThat(periods()).isOne();
        assertThat(publishWaited)
                .as("the publish waited for the choice (the race was run)")
                .isTrue();
    }

    /**
     * The publish of the action as phase two has counted no practice taking it and is held (a test connection holds the
     * outbox, so its email waits) before it commits; the choice from a page showing the action as phase one is sent
     * meanwhile. It must wait for the publish and then be refused as a page that did not warn of phase two; it must
     * never read the menu before the publish commits and record the action under it.
     */
    @Test
    void aChoiceMadeAsTheActionIsBeingPublishedAsPhaseTwoWaitsForItAndIsRefusedWithTheWarning() throws Exception {
        int shown = publishWithTheNewAction();
        String version = menuVersion(manager.get(choose).body());
        Http admin = menus.adminWithADraft(this::raise);
        String revision = MenuPublishing.revision(admin);
        // Subscribed, the manager is emailed, so the publish writes to the outbox before it commits.
        jdbc.sql("""
                        insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())
                        on conflict do nothing
                        """).param("ods", ods).param("email", managerEmail).update();

        Future<Http.Response> choice;
        Future<Http.Response> publish;
        boolean choiceWaited;
        try (Connection holder = holding(dataSource, "lock table notifications.outbox in share mode")) {
            int held = LockWaits.backend(holder);
            publish = threads.submit(() -> admin.postForm(MenuPublishing.PUBLISH, Map.of("revision", revision)));
            await().atMost(Duration.ofSeconds(20)).until(() -> menus.thePublishWaitsFor(held));
            choice = threads.submit(() -> manager.postForm(choose, choice(version)));
            choiceWaited = menus.waitsOrIsDone(choice, "select pg_advisory_xact_lock_shared(hashtext('actions.menu'))");
            holder.rollback();
        }
        Http.Response published = publish.get(30, TimeUnit.SECONDS);
        Http.Response chosen = choice.get(30, TimeUnit.SECONDS);

        assertThat(published.status()).as(published.body()).isEqualTo(302);
        assertThat(menus.currentVersion()).isEqualTo(shown + 1);
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(409);
        assertThat(chosen.body()).contains("became phase two after this page was opened");
        assertThat(hint(chosen.body())).contains("Phase two: this action may breach your contract.");
        assertThat(periods()).as("nothing recorded").isZero();
        assertThat(choiceWaited)
                .as("the choice waited for the publish (the race was run)")
                .isTrue();
    }

    /**
     * A choice held behind another change to the same practice (a test connection holds the practice's lock and stops
     * one of its actions meanwhile) is recorded after that change, as of when it was recorded: the timeline shows the
     * stop and then the start, never the start first.
     */
    @Test
    void aChoiceThatWaitsBehindAnotherChangeToThePracticeIsRecordedAfterIt() throws Exception {
        publishWithTheNewAction();
        String version = menuVersion(manager.get(choose).body());
        int other = 2;
        jdbc.sql("insert into actions.action_period (ods_code, action_number, from_on) values (:ods, :number, :from)")
                .param("ods", ods)
                .param("number", other)
                .param("from", java.sql.Date.valueOf(menus.today().minusDays(30)))
                .update();

        Future<Http.Response> choice;
        Instant stoppedAt;
        try (Connection holder = holding(
                dataSource, "select pg_advisory_xact_lock(hashtextextended('actions.practice:' || ?, 0))", ods)) {
            choice = threads.submit(() -> manager.postForm(choose, choice(version)));
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            LockWaits.waiting(jdbc, "select pg_advisory_xact_lock(hashtextextended('actions.practice:'")
                                    > 0);
            stoppedAt = clock.instant();
            try (var stop = holder.prepareStatement("update actions.action_period set to_on = ?, ended_how = 'STOPPED'"
                    + " where ods_code = ? and action_number = ?")) {
                stop.setObject(1, java.sql.Date.valueOf(menus.today().plusDays(1)));
                stop.setString(2, ods);
                stop.setInt(3, other);
                assertThat(stop.executeUpdate()).isOne();
            }
            try (var event = holder.prepareStatement("insert into actions.practice_event (ods_code, action_number,"
                    + " kind, effective_on, recorded_at, recorded_by) values (?, ?, 'STOPPED', ?, ?, ?)")) {
                event.setString(1, ods);
                event.setInt(2, other);
                event.setObject(3, java.sql.Date.valueOf(menus.today().plusDays(1)));
                event.setTimestamp(4, Timestamp.from(stoppedAt));
                event.setString(5, managerEmail);
                event.executeUpdate();
            }
            holder.commit();
        }
        Http.Response chosen = choice.get(30, TimeUnit.SECONDS);

        assertThat(chosen.status()).as(chosen.body()).isEqualTo(302);
        Instant startedAt = jdbc.sql("select recorded_at from actions.practice_event where ods_code = :ods"
                        + " and kind = 'STARTED' and action_number = :number")
                .param("ods", ods)
                .param("number", number)
                .query(Timestamp.class)
                .single()
                .toInstant();
        assertThat(startedAt)
                .as("the start is recorded after the stop it waited for")
                .isAfter(stoppedAt);
        assertThat(jdbc.sql("select kind from actions.practice_event where ods_code = :ods"
                                + " order by recorded_at desc, id desc")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .as("the timeline, latest first")
                .containsExactly("STARTED", "STOPPED");
    }

    /** A version published today with every action in force and the test's own, phase one. */
    private int publishWithTheNewAction() {
        int version = TestMenus.publishAgain(jdbc, menus.currentVersion(), menus.today());
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url, category,
                            may_de_escalate, phase, daily_contact_limit)
                        values (:version, :number, :title, 'Do only what the contract requires.',
                            'Escalation if negotiation fails.', 'We do the work our contract covers.',
                            'https://example.org/guidance', 'CONTRACTS', false, 1,
                            null)
                        """)
                .param("version", version)
                .param("number", number)
                .param("title", TITLE)
                .update();
        return version;
    }

    /** The next version, published today, with the test's action phase two (which nobody takes yet). */
    private int publishAgainAsPhaseTwo(int current) {
        int version = TestMenus.publishAgain(jdbc, current, menus.today());
        raise(version);
        return version;
    }

    private void raise(int version) {
        jdbc.sql("update actions.menu_action set phase = 2 where version = :version and number = :number")
                .param("version", version)
                .param("number", number)
                .update();
    }

    /** The choice of the test's action from today, from a page that showed {@code version}. */
    private Map<String, String> choice(String version) {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("actionNumber", String.valueOf(number));
        sent.put("from", menus.today().toString());
        if (version != null) {
            sent.put("menuVersion", version);
        }
        return sent;
    }

    /** The version the choose page says it shows, or null where it says none. */
    private static String menuVersion(String page) {
        Matcher version = MENU_VERSION.matcher(page);
        return version.find() ? version.group(1) : null;
    }

    /** What the choose page says under the test's action. */
    private String hint(String page) {
        Matcher hint = Pattern.compile("id=\"action-hint-" + number + "\">(.*?)</div>", Pattern.DOTALL)
                .matcher(page);
        assertThat(hint.find()).as("action " + number + " is offered: " + page).isTrue();
        return hint.group(1);
    }

    private long periods() {
        return jdbc.sql("select count(*) from actions.action_period where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }
}
