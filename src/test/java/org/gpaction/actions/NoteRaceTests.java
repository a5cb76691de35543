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
 * A note is never recorded about an action that the menu in force has taken off and the practice never took: a note
 * about an action sent as an administrator publishes a version without it either commits before the version is
 * published, or waits for it and is refused. The test adds an action of its own under a number no version has used, in
 * versions it removes after, so the shared menu is as it was for every other test.
 */
@GpActionTest
class NoteRaceTests {

    private static final String TITLE = "Decline unfunded local enhanced work";
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
    String first;
    String second;
    Http firstManager;
    Http secondManager;
    int before;
    int number;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        menus = new MenuPublishing(jdbc, clock, port);
        threads = Executors.newFixedThreadPool(3);
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        first = data.practice();
        second = data.practice();
        String manager = data.practiceManager(first, second);
        firstManager = signedIn(manager);
        secondManager = signedIn(manager);
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
        if (first != null) {
            for (String table : List.of("action_period", "practice_event", "subscription")) {
                jdbc.sql("delete from actions." + table + " where ods_code in (:all)")
                        .param("all", List.of(first, second))
                        .update();
            }
        }
        menus.removeVersionsAfter(before);
    }

    /**
     * In a fixed order, each step seen before the next: the first practice's note, having taken the menu's lock, is
     * held (a test connection holds the practice's lock); the publish taking the action off waits for it; let go, the
     * note commits and the publish goes on to be held between its published_at and its commit (a test connection holds
     * the outbox it writes the subscribed manager's email to); the second practice's note, sent then, waits for it. The
     * first is recorded before the version is published, the second is refused against it, neither practice having
     * taken the action.
     */
    @Test
    void aNoteAboutAnActionCommitsBeforeAPublishTakingItOffTheMenuOrWaitsForItAndIsRefused() throws Exception {
        publishWithTheAction();
        firstManager.get(notes(first));
        secondManager.get(notes(second));
        Http admin = menus.adminWithADraft(
                draft -> jdbc.sql("delete from actions.menu_action where version = :draft and number = :number")
                        .param("draft", draft)
                        .param("number", number)
                        .update());
        String revision = MenuPublishing.revision(admin);

        Future<Http.Response> firstNote;
        Future<Http.Response> publish;
        Future<Http.Response> secondNote;
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

            firstNote = threads.submit(() -> note(firstManager, first));
            await("the first note waits for its practice")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> firstNote.isDone() || LockWaits.waiting(jdbc, WAITING_FOR_THE_PRACTICE) > 0);
            Set<Integer> noting = LockWaits.blockedBackends(jdbc, practiceHeld);
            if (noting.size() == 1) {
                firstHeldTheMenu = holdsTheMenuForChoosing(noting.iterator().next());
            }

            publish = threads.submit(() -> admin.postForm(MenuPublishing.PUBLISH, Map.of("revision", revision)));
            await("the publish waits for the first note, or is held before its commit")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> publish.isDone()
                            || LockWaits.waiting(jdbc, WAITING_TO_PUBLISH) > 0
                            || menus.thePublishWaitsFor(outboxHeld));
            publishWaitedForTheFirst = LockWaits.waiting(jdbc, WAITING_TO_PUBLISH) > 0;

            practice.rollback();
            await("the publish held before its commit")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> publish.isDone() || menus.thePublishWaitsFor(outboxHeld));

            secondNote = threads.submit(() -> note(secondManager, second));
            secondWaitedForThePublish = menus.waitsOrIsDone(secondNote, WAITING_FOR_THE_MENU);
            outbox.rollback();
        }
        Http.Response published = publish.get(30, TimeUnit.SECONDS);
        Http.Response notedFirst = firstNote.get(30, TimeUnit.SECONDS);
        Http.Response notedSecond = secondNote.get(30, TimeUnit.SECONDS);

        assertThat(published.status()).as(published.body()).isEqualTo(302);
        int version = menus.currentVersion();
        assertThat(version).isEqualTo(before + 2);
        Instant publishedAt = publishedAt(version);

        assertThat(notedFirst.status()).as(notedFirst.body()).isEqualTo(302);
        assertThat(notedAt(first))
                .as("%s noted action %d before version %d, which took it off, was published", first, number, version)
                .singleElement()
                .satisfies(at -> assertThat(at).isBefore(publishedAt));

        assertThat(notedSecond.status()).as(notedSecond.body()).isEqualTo(409);
        assertThat(notedSecond.body())
                .contains("id=\"actionNumber-error\"")
                .contains("Action " + number + ", &quot;" + TITLE + "&quot;, is no longer on the menu: version "
                        + version + ", in force now, does not have it, and this practice has never taken it. Nothing"
                        + " was recorded: choose an action on the menu, or none for a note about the practice")
                .contains(">The note as I typed it</textarea>");
        assertThat(notedAt(second)).as("%s has nothing recorded", second).isEmpty();

        assertThat(firstHeldTheMenu)
                .as("the first note held the menu while it waited for its practice")
                .isTrue();
        assertThat(publishWaitedForTheFirst)
                .as("the publish waited for the first note (the race was run)")
                .isTrue();
        assertThat(secondWaitedForThePublish)
                .as("the second note waited for the publish (the race was run)")
                .isTrue();
    }

    private Http signedIn(String email) {
        Http manager = new Http(port);
        manager.signIn(email, ActionsTestData.PASSWORD);
        return manager;
    }

    private static String notes(String ods) {
        return "/actions/practices/" + ods + "/notes";
    }

    private Http.Response note(Http manager, String ods) {
        return manager.postForm(
                notes(ods), Map.of("actionNumber", String.valueOf(number), "note", "The note as I typed it"));
    }

    /** A version published today with every action in force and the test's own, which neither practice takes. */
    private void publishWithTheAction() {
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

    /** Whether the backend holds the menu's lock as a choice or a stop takes it, shared with others, not publishing. */
    private boolean holdsTheMenuForChoosing(int backend) {
        return jdbc.sql("""
                        select exists (
                            select 1 from pg_locks
                            where pid = :backend and locktype = 'advisory' and granted and mode = 'ShareLock'
                              and objsubid = 1 and objid = hashtext('actions.menu')::oid)
                        """).param("backend", backend).query(Boolean.class).single();
    }

    /** When the practice's timeline had its notes recorded, whatever they are about. */
    private List<Instant> notedAt(String ods) {
        return jdbc
                .sql("select recorded_at from actions.practice_event where ods_code = :ods and kind = 'NOTE'")
                .param("ods", ods)
                .query(Timestamp.class)
                .list()
                .stream()
                .map(Timestamp::toInstant)
                .toList();
    }

    private Instant publishedAt(int version) {
        return jdbc.sql("select published_at from actions.menu_version where version = :version")
                .param("version", version)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }
}
