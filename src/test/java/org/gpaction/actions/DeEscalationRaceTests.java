package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * A practice's action is never recorded as de-escalated against a version of the menu that no longer lets it be: a
 * stop as de-escalated sent as an administrator publishes a version taking that leave away either commits before the
 * version is published, or waits for it and is refused. Each test adds an action of its own under a number no version
 * has used, in versions it removes after, so the shared menu is as it was for every other test.
 */
@GpActionTest
class DeEscalationRaceTests {

    private static final String WAITING_FOR_THE_PRACTICE =
            "select pg_advisory_xact_lock(hashtextextended('actions.practice:'";
    private static final String WAITING_TO_PUBLISH = "select pg_advisory_xact_lock(hashtext('actions.menu'))";
    private static final String WAITING_FOR_THE_MENU = "select pg_advisory_xact_lock_shared(hashtext('actions.menu'))";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    MenuPublishing menus;
    List<String> all = new ArrayList<>();
    String first;
    String second;
    String token;
    int before;
    int number;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        menus = new MenuPublishing(jdbc, clock, port);
        threads = Executors.newFixedThreadPool(3);
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        first = data.practice();
        all.add(first);
        second = data.practice();
        all.add(second);
        String manager = data.practiceManager(first, second);
        token = data.token(manager);
        // Subscribed, the manager is emailed of the new version, so the publish writes to the outbox before it commits.
        jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                .param("ods", first)
                .param("email", manager)
                .update();
        before = menus.currentVersion();
        number = jdbc.sql("select max(number) + 1 from actions.menu_action")
                .query(Integer.class)
                .single();
    }

    @AfterEach
    void putTheMenuBack() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (!all.isEmpty()) {
            for (String table : List.of("action_period", "practice_event", "subscription")) {
                jdbc.sql("delete from actions." + table + " where ods_code in (:all)")
                        .param("all", all)
                        .update();
            }
        }
        menus.removeVersionsAfter(before);
    }

    /**
     * In a fixed order, each step seen before the next: the first practice's stop, having taken the menu's lock, is
     * held (a test connection holds the practice's lock); the publish taking the leave away waits for it; let go, the
     * stop commits and the publish goes on to be held between its published_at and its commit (a test connection holds
     * the outbox it writes the subscribed manager's email to); the second practice's stop, sent then, waits for it. The
     * first is recorded before the version is published, the second is refused against it.
     */
    @Test
    void aStopAsDeEscalatedCommitsBeforeAPublishTakingAwayLeaveToDeEscalateOrWaitsForItAndIsRefused() throws Exception {
        everyPracticeTakesTheAction();
        publishWithTheAction();
        Http admin = menus.adminWithADraft(draft -> jdbc.sql("update actions.menu_action set may_de_escalate = false"
                        + " where version = :draft and number = :number")
                .param("draft", draft)
                .param("number", number)
                .update());
        String revision = MenuPublishing.revision(admin);

        Future<Http.Response> firstStop;
        Future<Http.Response> publish;
        Future<Http.Response> secondStop;
        boolean firstHeldTheMenu;
        boolean publishWaitedForTheFirst;
        boolean secondWaitedForThePublish;
        try (Connection outbox = holding(dataSource, "lock table notifications.outbox in share mode");
                Connection practice = holding(
                        dataSource,
                        "select pg_advisory_xact_lock(hashtextextended('actions.practice:' || ?, 0))",
                        first)) {
            int outboxHeld = LockWaits.backend(outbox);
            int practiceHeld = LockWaits.backend(practice);

            firstStop = threads.submit(() -> deEscalate(first));
            await("the first stop waits for its practice")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> LockWaits.waiting(jdbc, WAITING_FOR_THE_PRACTICE) > 0);
            Set<Integer> stopping = LockWaits.blockedBackends(jdbc, practiceHeld);
            assertThat(stopping).as("the first stop waits for its practice").hasSize(1);
            firstHeldTheMenu = holdsTheMenuForChoosing(stopping.iterator().next());

            publish = threads.submit(() -> admin.postForm(MenuPublishing.PUBLISH, Map.of("revision", revision)));
            await("the publish waits for the first stop, or is held before its commit")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> publish.isDone()
                            || LockWaits.waiting(jdbc, WAITING_TO_PUBLISH) > 0
                            || menus.thePublishWaitsFor(outboxHeld));
            publishWaitedForTheFirst = LockWaits.waiting(jdbc, WAITING_TO_PUBLISH) > 0;

            practice.rollback();
            await("the publish held before its commit")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> publish.isDone() || menus.thePublishWaitsFor(outboxHeld));

            secondStop = threads.submit(() -> deEscalate(second));
            secondWaitedForThePublish = menus.waitsOrIsDone(secondStop, WAITING_FOR_THE_MENU);
            outbox.rollback();
        }
        Http.Response published = publish.get(30, TimeUnit.SECONDS);
        Http.Response stoppedFirst = firstStop.get(30, TimeUnit.SECONDS);
        Http.Response stoppedSecond = secondStop.get(30, TimeUnit.SECONDS);

        assertThat(published.status()).as(published.body()).isEqualTo(302);
        int version = menus.currentVersion();
        assertThat(version).isEqualTo(before + 2);
        Instant publishedAt = publishedAt(version);

        assertThat(stoppedFirst.status()).as(stoppedFirst.body()).isEqualTo(200);
        assertThat(stoppedFirst.json().get("endedHow").asString()).isEqualTo("DE_ESCALATED");
        assertThat(deEscalatedAt(first))
                .as("%s de-escalated before version %d, which forbids it, was published", first, version)
                .isBefore(publishedAt);

        assertThat(stoppedSecond.status()).as(stoppedSecond.body()).isEqualTo(400);
        assertThat(stoppedSecond.json().get("errors").findValuesAsString("message"))
                .containsExactly(
                        "Action " + number + " is not one the menu allows to be de-escalated: stop it instead");
        assertThat(unchanged(second)).as("%s changed nothing", second).isTrue();

        assertThat(firstHeldTheMenu)
                .as("the first stop held the menu while it waited for its practice")
                .isTrue();
        assertThat(publishWaitedForTheFirst)
                .as("the publish waited for the first stop (the race was run)")
                .isTrue();
        assertThat(secondWaitedForThePublish)
                .as("the second stop waited for the publish (the race was run)")
                .isTrue();
    }

    private Http.Response deEscalate(String ods) {
        return new Http(port)
                .postJson(
                        "/api/practices/" + ods + "/actions/" + number + "/stop",
                        Map.of(
                                "on",
                                menus.today().plusDays(1).toString(),
                                "reason",
                                "Agreed with the ICB",
                                "how",
                                "DE_ESCALATED"),
                        token);
    }

    private void everyPracticeTakesTheAction() {
        for (String ods : all) {
            jdbc.sql("insert into actions.action_period (ods_code, action_number, from_on)"
                            + " values (:ods, :number, :from)")
                    .param("ods", ods)
                    .param("number", number)
                    .param("from", Date.valueOf(menus.today().minusDays(30)))
                    .update();
        }
    }

    /** A version published today with every action in force and the test's own, which may be de-escalated. */
    private void publishWithTheAction() {
        int version = TestMenus.publishAgain(jdbc, menus.currentVersion(), menus.today());
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                            category, may_de_escalate, phase, daily_contact_limit)
                        values (:version, :number, 'Decline unfunded local enhanced work',
                            'Serve notice on local work nobody pays for.', 'It takes time from patients.',
                            'We spend our time on the care we are paid to give.', 'https://example.org/guidance',
                            'CONTRACTS', true, 1, null)
                        """).param("version", version).param("number", number).update();
    }

    /** Whether the backend holds the menu's lock as a choice or a stop takes it, shared with others, not publishing. */
    private boolean holdsTheMenuForChoosing(int backend) {
        return jdbc.sql("""
                        select exists (
                            select 1 from pg_locks
                            where pid = :backend and locktype = 'advisory' and granted and mode = 'ShareLock'
                              and objsubid = 1 and objid = hashtext('actions.menu')::oid)
                        """).param("backend", backend).query(Boolean.class).single();
    }

    private Instant deEscalatedAt(String ods) {
        return jdbc.sql("""
                        select recorded_at from actions.practice_event
                        where ods_code = :ods and action_number = :number and kind = 'DE_ESCALATED'
                        """)
                .param("ods", ods)
                .param("number", number)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    /** Whether the practice still takes the action with no end, and its timeline has nothing recorded. */
    private boolean unchanged(String ods) {
        return jdbc.sql("""
                        select count(*) = 1 from actions.action_period
                        where ods_code = :ods and action_number = :number and to_on is null
                        """)
                        .param("ods", ods)
                        .param("number", number)
                        .query(Boolean.class)
                        .single()
                && jdbc.sql("select count(*) = 0 from actions.practice_event where ods_code = :ods")
                        .param("ods", ods)
                        .query(Boolean.class)
                        .single();
    }

    private Instant publishedAt(int version) {
        return jdbc.sql("select published_at from actions.menu_version where version = :version")
                .param("version", version)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }
}
