package org.gpaction.capacity;

import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two managers pause the online front door of one practice at the same moment, or one lifts the pause as the other
 * pauses it again: they are taken one after the other, so one pause at most is ever in force, and every pause that
 * ends early is logged as lifted, or as replaced by the new pause, by whoever ended it. Each round shows the race really ran: both requests were waiting
 * together before either went on.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class PauseRaceTests {

    static final int ROUNDS = 4;
    static final String PAUSED = "Online front door paused until ";
    static final String LIFTED = "Online front door pause lifted";
    static final String REPLACED = "Online front door pause until ";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;
    ExecutorService managers;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
        managers = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        managers.shutdownNow();
    }

    record Manager(String email, String token) {}

    record Pause(String reason, String suspendedBy, String liftedBy) {}

    @Test
    void twoManagersPausingAtOnceLeaveOnePauseInForce_theSecondsReplacingTheFirstsAndLoggedSo() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String ods = data.practiceSetUpWith(oneGp()).ods();
            Manager first = manager(ods);
            Manager second = manager(ods);
            // Whole seconds: the database keeps microseconds, and what it answers is compared with these.
            Instant firstUntil = clock.instant().plus(Duration.ofHours(2)).truncatedTo(SECONDS);
            Instant secondUntil = clock.instant().plus(Duration.ofHours(3)).truncatedTo(SECONDS);

            List<Http.Response> answers = inTurn(
                    ods,
                    () -> pause(ods, first, firstUntil, "Flooding"),
                    () -> pause(ods, second, secondUntil, "Staff training"));

            assertThat(answers)
                    .extracting(Http.Response::status)
                    .as("round %d", round)
                    .containsExactly(201, 201);
            assertThat(Instant.parse(answers.get(1).json().get("until").asString()))
                    .isEqualTo(secondUntil);
            assertThat(pauses(ods))
                    .as(
                            "round %d: the first's pause was in force when the second paused, so the second replaced it",
                            round)
                    .containsExactly(
                            new Pause("Flooding", first.email(), second.email()),
                            new Pause("Staff training", second.email(), null));
            assertThat(pausesInForce(ods)).as("round %d", round).isOne();
            assertThat(frontDoorLog(ods))
                    .as("round %d", round)
                    .containsExactly(
                            first.email() + ": " + PAUSED + UkTime.format(firstUntil) + ": Flooding",
                            second.email() + ": " + REPLACED + UkTime.format(firstUntil) + " replaced by a new pause"
                                    + " until " + UkTime.format(secondUntil),
                            second.email() + ": " + PAUSED + UkTime.format(secondUntil) + ": Staff training");
            assertThat(Instant.parse(http.get("/api/practices/" + ods + "/front-door")
                            .json()
                            .get("reopensAt")
                            .asString()))
                    .as("round %d: the front door reopens when the pause in force ends", round)
                    .isEqualTo(secondUntil);
        }
    }

    /**
     * A pause is in force; one manager pauses again while another lifts it. Whichever comes first, the other sees what
     * it did: lifted after the new pause, the front door is open; lifted before it, the new pause is in force. Neither
     * is told there was no pause to lift while one was in force. Rounds take turns at which is sent first.
     */
    @Test
    void liftingAPauseAsAnotherManagerPausesAgainTakesThemInTurn_soTheLiftEndsWhateverPauseIsInForce()
            throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            boolean pauseFirst = round % 2 == 0;
            String ods = data.practiceSetUpWith(oneGp()).ods();
            Manager before = manager(ods);
            Manager pausing = manager(ods);
            Manager lifting = manager(ods);
            Instant beforeUntil = clock.instant().plus(Duration.ofHours(1)).truncatedTo(SECONDS);
            Instant until = clock.instant().plus(Duration.ofHours(4)).truncatedTo(SECONDS);
            assertThat(pause(ods, before, beforeUntil, "Power cut").status()).isEqualTo(201);

            Callable<Http.Response> pause = () -> pause(ods, pausing, until, "Building work");
            Callable<Http.Response> lift =
                    () -> http.delete("/api/practices/" + ods + "/front-door/pause", lifting.token());
            List<Http.Response> answers = pauseFirst ? inTurn(ods, pause, lift) : inTurn(ods, lift, pause);
            Http.Response paused = answers.get(pauseFirst ? 0 : 1);
            Http.Response lifted = answers.get(pauseFirst ? 1 : 0);

            assertThat(paused.status()).as("round %d: %s", round, paused.body()).isEqualTo(201);
            assertThat(lifted.status())
                    .as("round %d: a pause was in force all along, so there was one to lift: %s", round, lifted.body())
                    .isEqualTo(204);
            String pausedLine = pausing.email() + ": " + PAUSED + UkTime.format(until) + ": Building work";
            String firstLine = before.email() + ": " + PAUSED + UkTime.format(beforeUntil) + ": Power cut";
            if (pauseFirst) {
                assertThat(pauses(ods))
                        .as("round %d: the new pause replaced the one before, then was lifted", round)
                        .containsExactly(
                                new Pause("Power cut", before.email(), pausing.email()),
                                new Pause("Building work", pausing.email(), lifting.email()));
                assertThat(frontDoorLog(ods))
                        .containsExactly(
                                firstLine,
                                pausing.email() + ": " + REPLACED + UkTime.format(beforeUntil)
                                        + " replaced by a new pause until " + UkTime.format(until),
                                pausedLine,
                                lifting.email() + ": " + LIFTED);
                assertThat(http.get("/api/practices/" + ods + "/front-door")
                                .json()
                                .get("open")
                                .asBoolean())
                        .as("round %d: lifted last, so open", round)
                        .isTrue();
            } else {
                assertThat(pauses(ods))
                        .as("round %d: the pause before was lifted, then the new one started", round)
                        .containsExactly(
                                new Pause("Power cut", before.email(), lifting.email()),
                                new Pause("Building work", pausing.email(), null));
                assertThat(frontDoorLog(ods)).containsExactly(firstLine, lifting.email() + ": " + LIFTED, pausedLine);
                assertThat(Instant.parse(http.get("/api/practices/" + ods + "/front-door")
                                .json()
                                .get("reopensAt")
                                .asString()))
                        .as("round %d: paused last, so shut until the new pause ends", round)
                        .isEqualTo(until);
            }
            assertThat(pausesInForce(ods)).as("round %d", round).isEqualTo(pauseFirst ? 0 : 1);
        }
    }

    /**
     * Sends {@code first}, and {@code second} once the first is held, and lets both go on only once both wait. The test
     * holds the practice's pause lock (the one its pauses and lifts take, Suspensions) and the table of pauses against
     * writes: a request waits on the lock, or, were it not taken, at its first write, having looked for the pause in
     * force, as two requests in flight together would. Let go together, the first in the lock's queue goes first.
     */
    private List<Http.Response> inTurn(String ods, Callable<Http.Response> first, Callable<Http.Response> second)
            throws Exception {
        Future<Http.Response> a;
        Future<Http.Response> b;
        try (Connection holding = dataSource.getConnection()) {
            holding.setAutoCommit(false);
            try (PreparedStatement lock = holding.prepareStatement(
                    "select pg_advisory_xact_lock(hashtextextended('capacity.suspension:' || ?, 0))")) {
                lock.setString(1, ods);
                lock.executeQuery().close();
            }
            try (Statement table = holding.createStatement()) {
                table.execute("lock table capacity.suspension in share mode");
            }
            a = managers.submit(first);
            await("the first request waiting").atMost(Duration.ofSeconds(30)).until(() -> waitingOnPauses() == 1);
            b = managers.submit(second);
            await("both requests waiting together")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> waitingOnPauses() == 2);
            assertThat(a.isDone() || b.isDone())
                    .as("neither answered while held")
                    .isFalse();
            holding.commit();
        }
        return List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
    }

    /** How many statements on the practices' pauses are waiting on a lock now. */
    private long waitingOnPauses() {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and wait_event_type = 'Lock'
                          and query like '%capacity.suspension%'
                        """).query(Long.class).single();
    }

    private Http.Response pause(String ods, Manager manager, Instant until, String reason) {
        return http.postJson(
                "/api/practices/" + ods + "/front-door/pause",
                Map.of("until", until.toString(), "reason", reason),
                manager.token());
    }

    private Manager manager(String ods) {
        String email = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        return new Manager(email, data.token(email));
    }

    private List<Pause> pauses(String ods) {
        return jdbc.sql(
                        "select reason, suspended_by, lifted_by from capacity.suspension where ods_code = :ods order by id")
                .param("ods", ods)
                .query((rs, row) ->
                        new Pause(rs.getString("reason"), rs.getString("suspended_by"), rs.getString("lifted_by")))
                .list();
    }

    private int pausesInForce(String ods) {
        return jdbc.sql("""
                        select count(*) from capacity.suspension
                        where ods_code = :ods and lifted_at is null and ends_at > :now
                        """)
                .param("ods", ods)
                .param("now", Timestamp.from(clock.instant()))
                .query(Integer.class)
                .single();
    }

    /** The set-up log's lines about the front door, oldest first, each with who wrote it. */
    private List<String> frontDoorLog(String ods) {
        return jdbc.sql("""
                        select by || ': ' || what from capacity.setup_log
                        where ods_code = :ods and what like 'Online front door%' order by id
                        """).param("ods", ods).query(String.class).list();
    }

    private static Map<String, Object> oneGp() {
        return settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
    }
}
