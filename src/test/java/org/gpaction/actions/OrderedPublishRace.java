package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The race a practice's request and an administrator's publish of the menu are run in by the tests that a request
 * either commits before the version is published or waits for it and is refused, in a fixed order, each step seen before
 * the next: the first practice's request, having taken the menu's lock, is held (a test connection holds the practice's
 * lock); the publish waits for it; let go, the request commits and the publish goes on to be held between its
 * published_at and its commit (a test connection holds the outbox it writes the subscribed manager's email to); the
 * second practice's request, sent then, waits for it. Each test adds an action of its own under a number no version has
 * used, in versions it removes after, so the shared menu is as it was for every other test.
 */
final class OrderedPublishRace {

    static final String TITLE = "Decline unfunded local enhanced work";

    private static final String WAITING_FOR_THE_PRACTICE =
            "select pg_advisory_xact_lock(hashtextextended('actions.practice:'";
    private static final String WAITING_TO_PUBLISH = "select pg_advisory_xact_lock(hashtext('actions.menu'))";
    private static final String WAITING_FOR_THE_MENU = "select pg_advisory_xact_lock_shared(hashtext('actions.menu'))";

    final MenuPublishing menus;
    ActionsTestData data;
    String first;
    String second;
    /** The one manager of both practices, subscribed to the first's emails. */
    String manager;

    int before;
    /** The test's own action, under a number no version has used. */
    int number;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final int port;
    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    OrderedPublishRace(JdbcClient jdbc, DataSource dataSource, Clock clock, int port) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.port = port;
        this.menus = new MenuPublishing(jdbc, clock, port);
    }

    /**
     * Two practices with one manager, subscribed to the first's emails so the publish writes to the outbox before it
     * commits; the version in force and a number for the test's action.
     */
    void setUp() {
        data = new ActionsTestData(jdbc, new Http(port));
        first = data.practice();
        second = data.practice();
        manager = data.practiceManager(first, second);
        jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                .param("ods", first)
                .param("email", manager)
                .update();
        before = menus.currentVersion();
        number = jdbc.sql("select max(number) + 1 from actions.menu_action")
                .query(Integer.class)
                .single();
    }

    /** Stops the race's threads and removes what the test wrote: its practices' rows and its versions of the menu. */
    void putTheMenuBack() {
        threads.shutdownNow();
        List<String> practices =
                Stream.of(first, second).filter(Objects::nonNull).toList();
        if (!practices.isEmpty()) {
            for (String table : List.of("action_period", "practice_event", "subscription")) {
                jdbc.sql("delete from actions." + table + " where ods_code in (:all)")
                        .param("all", practices)
                        .update();
            }
        }
        menus.removeVersionsAfter(before);
    }

    /** A version published today with every action in force and the test's own, {@link #TITLE}, may be de-escalated. */
    void publishWithTheAction() {
        int version = TestMenus.publishAgain(jdbc, menus.currentVersion(), menus.today());
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                            category, may_de_escalate, phase, daily_contact_limit)
                        values (:version, :number, :title,
                            'Serve notice on local work nobody pays for.', 'It takes time from patients.',
                            'We spend our time on the care we are paid to give.', 'https://example.org/guidance',
                            'CONTRACTS', true, 1, null)
                        """)
                .param("version", version)
                .param("number", number)
                .param("title", TITLE)
                .update();
    }

    /**
     * Runs the race in its order: {@code atFirst} for the first practice, the administrator's publish of the draft at
     * {@code revision}, then {@code atSecond} for the second practice; what each was answered, and whether each step
     * was seen waiting where it should.
     */
    Run run(Http admin, String revision, Callable<Http.Response> atFirst, Callable<Http.Response> atSecond)
            throws Exception {
        Future<Http.Response> firstRequest;
        Future<Http.Response> publish;
        Future<Http.Response> secondRequest;
        boolean firstHeldTheMenu = false;
        boolean publishWaitedForTheFirst;
        boolean secondWaitedForThePublish;
        try (Connection outbox = holding(dataSource, "lock table notifications.outbox in share mode");
                Connection practice = holding(
                        dataSource,
                        "select pg_advisory_xact_lock(hashtextextended('actions.practice:' || ?, 0))",
                        first)) {
            int outboxHeld = LockWaits.backend(outbox);
            int practiceHeld = LockWaits.backend(practice);

            firstRequest = threads.submit(atFirst);
            await("the first request waits for its practice")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> firstRequest.isDone() || LockWaits.waiting(jdbc, WAITING_FOR_THE_PRACTICE) > 0);
            Set<Integer> waiting = LockWaits.blockedBackends(jdbc, practiceHeld);
            if (waiting.size() == 1) {
                firstHeldTheMenu = holdsTheMenuForChoosing(waiting.iterator().next());
            }

            publish = threads.submit(() -> admin.postForm(MenuPublishing.PUBLISH, Map.of("revision", revision)));
            await("the publish waits for the first request, or is held before its commit")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> publish.isDone()
                            || LockWaits.waiting(jdbc, WAITING_TO_PUBLISH) > 0
                            || menus.thePublishWaitsFor(outboxHeld));
            publishWaitedForTheFirst = LockWaits.waiting(jdbc, WAITING_TO_PUBLISH) > 0;

            practice.rollback();
            await("the publish held before its commit")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> publish.isDone() || menus.thePublishWaitsFor(outboxHeld));

            secondRequest = threads.submit(atSecond);
            secondWaitedForThePublish = menus.waitsOrIsDone(secondRequest, WAITING_FOR_THE_MENU);
            outbox.rollback();
        }
        return new Run(
                publish.get(30, TimeUnit.SECONDS),
                firstRequest.get(30, TimeUnit.SECONDS),
                secondRequest.get(30, TimeUnit.SECONDS),
                firstHeldTheMenu,
                publishWaitedForTheFirst,
                secondWaitedForThePublish);
    }

    Instant publishedAt(int version) {
        return jdbc.sql("select published_at from actions.menu_version where version = :version")
                .param("version", version)
                .query(Timestamp.class)
                .single()
                .toInstant();
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

    record Run(
            Http.Response published,
            Http.Response first,
            Http.Response second,
            boolean firstHeldTheMenu,
            boolean publishWaitedForTheFirst,
            boolean secondWaitedForThePublish) {

        /** That the race was run in its order, each side seen waiting where it should; {@code request} names them. */
        void assertRunInOrder(String request) {
            assertThat(firstHeldTheMenu)
                    .as("the first %s held the menu while it waited for its practice", request)
                    .isTrue();
            assertThat(publishWaitedForTheFirst)
                    .as("the publish waited for the first %s (the race was run)", request)
                    .isTrue();
            assertThat(secondWaitedForThePublish)
                    .as("the second %s waited for the publish (the race was run)", request)
                    .isTrue();
        }
    }
}
