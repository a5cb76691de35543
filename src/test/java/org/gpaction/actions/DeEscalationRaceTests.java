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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A practice's action is never recorded as de-escalated against a version of the menu that no longer lets it be: a
 * stop as de-escalated sent as an administrator publishes a version taking that leave away either commits before the
 * version is published, or waits for it and is refused. Each round starts the publish and two managers' streams of
 * stops (each at a practice of its own) together, so stops land on both sides of it. A test connection holds the
 * outbox meanwhile, so the publish, which emails a subscribed manager, is held between the moment it is published at
 * and its commit: any stop that reads the menu in that time is seen, not only one that happens to fall in the few
 * milliseconds a publish takes. Each test adds an action of its own under a number no version has used, in versions
 * it removes after, so the shared menu is as it was for every other test.
 */
@GpActionTest
class DeEscalationRaceTests {

    /** Rounds run at least; more, up to {@link #MOST_ROUNDS}, while either outcome has not been seen yet. */
    private static final int ROUNDS = 6;

    private static final int MOST_ROUNDS = 20;
    private static final int MANAGERS = 2;
    private static final int PRACTICES_EACH = 10;
    private static final String PUBLISH = "/admin/actions/menu/draft/publish";
    private static final String WAITING_FOR_THE_MENU = "select pg_advisory_xact_lock_shared(hashtext('actions.menu'))";
    private static final Pattern REVISION = Pattern.compile("type=\"hidden\" name=\"revision\" value=\"([^\"]*)\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    List<List<String>> practices;
    List<String> all;
    String token;
    Http admin;
    int before;
    int number;
    ExecutorService threads;

    /** What one stop was answered, and whether it was sent once the publish was seen held before its commit. */
    private record Stop(String ods, Http.Response answer, boolean sentOnceHeld) {}

    @BeforeEach
    void setUp() {
        ActionsTestData data = new ActionsTestData(jdbc, new Http(port));
        practices = new ArrayList<>();
        all = new ArrayList<>();
        for (int m = 0; m < MANAGERS; m++) {
            List<String> own = data.practices(PRACTICES_EACH);
            practices.add(own);
            all.addAll(own);
        }
        String manager = data.practiceManager(all.toArray(String[]::new));
        token = data.token(manager);
        // Subscribed, the manager is emailed of the new version, so the publish writes to the outbox before it commits.
        jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                .param("ods", all.get(0))
                .param("email", manager)
                .update();
        admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        before = currentVersion();
        number = jdbc.sql("select max(number) + 1 from actions.menu_action")
                .query(Integer.class)
                .single();
        threads = Executors.newFixedThreadPool(MANAGERS + 1);
    }

    @AfterEach
    void putTheMenuBack() {
        threads.shutdownNow();
        jdbc.sql("delete from actions.action_period where ods_code in (:all)")
                .param("all", all)
                .update();
        jdbc.sql("delete from actions.practice_event where ods_code in (:all)")
                .param("all", all)
                .update();
        jdbc.sql("delete from actions.subscription where ods_code in (:all)")
                .param("all", all)
                .update();
        jdbc.sql("delete from actions.menu_version where version > :before or status = 'DRAFT'")
                .param("before", before)
                .update();
    }

    @Test
    void aStopAsDeEscalatedRacingAPublishThatTakesAwayLeaveToDeEscalateCommitsBeforeItOrIsRefused() throws Exception {
        int deEscalatedBefore = 0;
        int refusedAfter = 0;
        for (int round = 1;
                round <= ROUNDS || (round <= MOST_ROUNDS && (deEscalatedBefore == 0 || refusedAfter == 0));
                round++) {
            List<Stop> stops = race(
                    round,
                    draft -> jdbc.sql("update actions.menu_action set may_de_escalate = false"
                                    + " where version = :draft and number = :number")
                            .param("draft", draft)
                            .param("number", number)
                            .update());
            Instant publishedAt = publishedAt(currentVersion());
            for (Stop stop : stops) {
                if (stop.answer().status() == 200) {
                    assertThat(stop.answer().json().get("endedHow").asString()).isEqualTo("DE_ESCALATED");
                    assertThat(deEscalatedAt(stop.ods()))
                            .as(
                                    "round %d: %s de-escalated after version %d, which forbids it, was published at %s"
                                            + " (sent once the publish was held: %s)",
                                    round, stop.ods(), currentVersion(), publishedAt, stop.sentOnceHeld())
                            .isBefore(publishedAt);
                    deEscalatedBefore++;
                } else {
                    assertThat(stop.answer().status())
                            .as("round %d: %s", round, stop.answer().body())
                            .isEqualTo(400);
                    assertThat(stop.answer().json().get("errors").findValuesAsString("message"))
                            .containsExactly("Action " + number
                                    + " is not one the menu allows to be de-escalated: stop it instead");
                    assertThat(stillInForce(stop.ods()))
                            .as("round %d: %s changed nothing", round, stop.ods())
                            .isTrue();
                    refusedAfter++;
                }
            }
            assertThat(jdbc.sql("""
                                    select count(*) from actions.practice_event
                                    where ods_code in (:all) and kind = 'DE_ESCALATED' and recorded_at >= :publishedAt
                                    """)
                            .param("all", all)
                            .param("publishedAt", Timestamp.from(publishedAt))
                            .query(Long.class)
                            .single())
                    .as("round %d: de-escalations recorded once the version forbidding them was published", round)
                    .isZero();
        }
        assertThat(deEscalatedBefore)
                .as("stops recorded as de-escalated before the publish (the race was run)")
                .isPositive();
        assertThat(refusedAfter)
                .as("stops refused as the publish had taken the leave away (the race was run)")
                .isPositive();
    }

    /**
     * Retiring an action takes no leave away: a practice still taking it may de-escalate it as the action last read
     * when published. A stop as de-escalated racing the publish that retires it is recorded, before or after it.
     */
    @Test
    void aStopAsDeEscalatedRacingAPublishThatRetiresTheActionIsRecordedWhicheverComesFirst() throws Exception {
        int deEscalatedBefore = 0;
        int deEscalatedAfter = 0;
        for (int round = 1;
                round <= ROUNDS / 2 || (round <= MOST_ROUNDS && (deEscalatedBefore == 0 || deEscalatedAfter == 0));
                round++) {
            List<Stop> stops = race(
                    round,
                    draft -> jdbc.sql("delete from actions.menu_action where version = :draft and number = :number")
                            .param("draft", draft)
                            .param("number", number)
                            .update());
            Instant publishedAt = publishedAt(currentVersion());
            for (Stop stop : stops) {
                assertThat(stop.answer().status())
                        .as("round %d: %s", round, stop.answer().body())
                        .isEqualTo(200);
                assertThat(stop.answer().json().get("endedHow").asString()).isEqualTo("DE_ESCALATED");
                if (deEscalatedAt(stop.ods()).isBefore(publishedAt)) {
                    deEscalatedBefore++;
                } else {
                    deEscalatedAfter++;
                }
            }
        }
        assertThat(deEscalatedBefore)
                .as("stops recorded before the publish (the race was run)")
                .isPositive();
        assertThat(deEscalatedAfter)
                .as("stops recorded after the publish (the race was run)")
                .isPositive();
    }

    /**
     * One round: every practice has the test's action in force, on a version that lets it be de-escalated; a draft
     * changed by {@code change} is published as each manager stops their practices' action as de-escalated, one after
     * another, until they have sent one once the publish was seen held before its commit. The outbox is let go once
     * every manager is done or waiting for the menu, and the answers are returned.
     */
    private List<Stop> race(int round, IntConsumer change) throws Exception {
        everyPracticeTakesTheAction();
        publishWithTheAction();
        admin.get("/admin/actions/menu");
        assertThat(admin.postForm("/admin/actions/menu/draft", Map.of()).status())
                .isEqualTo(302);
        change.accept(jdbc.sql("select version from actions.menu_version where status = 'DRAFT'")
                .query(Integer.class)
                .single());
        String revision = revision(admin.get(PUBLISH).body());

        CyclicBarrier together = new CyclicBarrier(MANAGERS + 1);
        AtomicBoolean publishHeld = new AtomicBoolean();
        Future<Http.Response> publish;
        List<Future<List<Stop>>> managers = new ArrayList<>();
        try (Connection holder = holding(dataSource, "lock table notifications.outbox in share mode")) {
            int held = LockWaits.backend(holder);
            publish = threads.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                return admin.postForm(PUBLISH, Map.of("revision", revision));
            });
            for (List<String> own : practices) {
                managers.add(threads.submit(() -> stopOneAfterAnother(own, together, publishHeld)));
            }
            await("round %d: the publish held before its commit, or every stop sent".formatted(round))
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> publish.isDone()
                            || thePublishWaitsFor(held)
                            || managers.stream().allMatch(Future::isDone));
            publishHeld.set(true);
            await("round %d: every manager done or waiting for the menu".formatted(round))
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> managers.stream().filter(m -> !m.isDone()).count()
                            <= LockWaits.waiting(jdbc, WAITING_FOR_THE_MENU));
            holder.rollback();
        }
        Http.Response answer = publish.get(60, TimeUnit.SECONDS);
        assertThat(answer.status()).as("round %d: %s", round, answer.body()).isEqualTo(302);
        List<Stop> stops = new ArrayList<>();
        for (Future<List<Stop>> manager : managers) {
            stops.addAll(manager.get(60, TimeUnit.SECONDS));
        }
        return stops;
    }

    private List<Stop> stopOneAfterAnother(List<String> own, CyclicBarrier together, AtomicBoolean publishHeld)
            throws Exception {
        Http client = new Http(port);
        together.await(30, TimeUnit.SECONDS);
        List<Stop> stops = new ArrayList<>();
        for (String ods : own) {
            boolean sentOnceHeld = publishHeld.get();
            stops.add(new Stop(
                    ods,
                    client.postJson(
                            "/api/practices/" + ods + "/actions/" + number + "/stop",
                            Map.of(
                                    "on",
                                    today().plusDays(1).toString(),
                                    "reason",
                                    "Agreed with the ICB",
                                    "how",
                                    "DE_ESCALATED"),
                            token),
                    sentOnceHeld));
            if (sentOnceHeld) {
                break;
            }
        }
        return stops;
    }

    private void everyPracticeTakesTheAction() {
        jdbc.sql("delete from actions.action_period where ods_code in (:all)")
                .param("all", all)
                .update();
        jdbc.sql("delete from actions.practice_event where ods_code in (:all)")
                .param("all", all)
                .update();
        for (String ods : all) {
            jdbc.sql("insert into actions.action_period (ods_code, action_number, from_on)"
                            + " values (:ods, :number, :from)")
                    .param("ods", ods)
                    .param("number", number)
                    .param("from", Date.valueOf(today().minusDays(30)))
                    .update();
        }
    }

    /** A version published today with every action in force and the test's own, which may be de-escalated. */
    private void publishWithTheAction() {
        int version = TestMenus.publishAgain(jdbc, currentVersion(), today());
        jdbc.sql("delete from actions.menu_action where version = :version and number = :number")
                .param("version", version)
                .param("number", number)
                .update();
        jdbc.sql("""
                        insert into actions.menu_action (version, number, title, what, why, for_patients, guidance_url,
                            category, may_de_escalate, phase, daily_contact_limit)
                        values (:version, :number, 'Decline unfunded local enhanced work',
                            'Serve notice on local work nobody pays for.', 'It takes time from patients.',
                            'We spend our time on the care we are paid to give.', 'https://example.org/guidance',
                            'CONTRACTS', true, 1, null)
                        """).param("version", version).param("number", number).update();
    }

    /**
     * Whether the publish, holding the menu's lock, waits for the test's holder: a job of another context writing to
     * the outbox waits for the holder too, but never holds the menu's lock.
     */
    private boolean thePublishWaitsFor(int holder) {
        return jdbc.sql("""
                        select exists (
                            select 1 from pg_stat_activity a join pg_locks l on l.pid = a.pid
                            where a.datname = current_database() and :holder = any(pg_blocking_pids(a.pid))
                              and l.locktype = 'advisory' and l.granted and l.objsubid = 1
                              and l.objid = hashtext('actions.menu')::oid)
                        """).param("holder", holder).query(Boolean.class).single();
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

    private boolean stillInForce(String ods) {
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

    private static String revision(String page) {
        Matcher revision = REVISION.matcher(page);
        assertThat(revision.find()).as(page).isTrue();
        return revision.group(1);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    private int currentVersion() {
        return jdbc.sql("select max(version) from actions.menu_version where status = 'PUBLISHED'")
                .query(Integer.class)
                .single();
    }
}
