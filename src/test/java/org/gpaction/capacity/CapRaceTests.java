package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The cap under real concurrency: many clients post requests for one practice at the same moment over HTTP, and
 * the database afterwards shows no clinician over their cap and one outcome for every request. Each round checks
 * that the race really happened: requests overlapped in flight, and both bookings and refusals came back.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class CapRaceTests {

    static final int CLIENTS = 64;
    static final int ROUNDS = 5;
    /** How far apart the undo race's clients start, at most. */
    static final int STAGGER_MILLIS = 60;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http http;
    CapacityTestData data;
    ExecutorService clients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
        clients = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterEach
    void tearDown() {
        clients.shutdownNow();
    }

    @Test
    void sixtyFourClientsOnTwoCliniciansAtTwentyFiveBookExactlyFifty() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Practice practice = practiceWithTwoClinicians(25);
            List<JsonNode> answers = race(CLIENTS, i -> contact(practice, i % 2 == 0 ? "RECEPTION" : "ONLINE"));

            assertThat(outcomes(answers, "BOOKED")).as("round %d", round).isEqualTo(50);
            assertThat(outcomes(answers, "WAITLISTED") + outcomes(answers, "DIVERTED"))
                    .isEqualTo(CLIENTS - 50);
            assertEveryOutcomeStoredAndNoneOverCap(practice, answers);
        }
    }

    @Test
    void lowering_aCapWhileBookingsRaceNeverLetsAClinicianPassIt() throws Exception {
        int loweredSeen = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Practice practice = practiceWithTwoClinicians(25);
            String today = http.get("/api/practices/" + practice.ods + "/capacity", practice.token)
                    .json()
                    .get("day")
                    .asString();
            List<JsonNode> answers = race(CLIENTS, i -> {
                if (i == CLIENTS / 2) {
                    Http.Response lowered = http.putJson(
                            "/api/practices/" + practice.ods + "/capacity/days/" + today,
                            Map.of("clinicians", List.of(Map.of("id", practice.first, "cap", 10))),
                            practice.token);
                    assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
                    return null;
                }
                return contact(practice, "RECEPTION");
            });
            int firstCap = jdbc.sql("select cap from capacity.clinician_day where clinician_id = :id")
                    .param("id", practice.first)
                    .query(Integer.class)
                    .single();
            if (firstCap < 25) {
                loweredSeen++;
            }
            assertThat(outcomes(answers, "BOOKED")).isEqualTo(25 + firstCap);
            assertEveryOutcomeStoredAndNoneOverCap(practice, answers);
        }
        assertThat(loweredSeen)
                .as("the lowered cap took effect with room left in some round")
                .isPositive();
    }

    @Test
    void undoRacingBookingsGivesEachFreedContactToOneRequestOnly() throws Exception {
        int freedAndRebooked = 0;
        List<Integer> rebookedPerRound = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Practice practice = practiceWithTwoClinicians(5);
            List<Long> booked = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                booked.add(contact(practice, "RECEPTION").get("id").asLong());
            }
            AtomicInteger undone = new AtomicInteger();
            List<JsonNode> answers = race(30, i -> {
                // Each client starts within a few milliseconds of the others, in no set order, so that bookings
                // come between undos rather than all before or all after them.
                Thread.sleep(ThreadLocalRandom.current().nextInt(STAGGER_MILLIS));
                if (i < 10) {
                    Http.Response response = http.delete(
                            "/api/practices/" + practice.ods + "/contacts/" + booked.get(i), practice.token);
                    assertThat(response.status()).isEqualTo(204);
                    undone.incrementAndGet();
                    return null;
                }
                return contact(practice, "RECEPTION");
            });
            int rebooked = outcomes(answers, "BOOKED");
            rebookedPerRound.add(rebooked);
            assertThat(undone.get()).isEqualTo(10);
            assertThat(rebooked).isLessThanOrEqualTo(10);
            int used = jdbc.sql("""
                            select coalesce(sum(d.used), 0) from capacity.clinician_day d
                            join capacity.clinician c on c.id = d.clinician_id where c.ods_code = :ods
                            """)
                    .param("ods", practice.ods)
                    .query(Integer.class)
                    .single();
            assertThat(used).isEqualTo(10 - 10 + rebooked);
            assertEveryOutcomeStoredAndNoneOverCap(practice, answers);
            // A contact booked again after the first undo and before the last shows bookings decided between undos.
            long bookedBetweenUndos =
                    jdbc.sql("""
                            with undos as (
                                select min(undone_at) as first, max(undone_at) as last from capacity.contact_request
                                where ods_code = :ods and undone_at is not null
                            )
                            select count(*) from capacity.contact_request r, undos
                            where r.ods_code = :ods and r.outcome = 'BOOKED' and r.undone_at is null
                              and r.received_at > undos.first and r.received_at < undos.last
                            """).param("ods", practice.ods).query(Long.class).single();
            if (bookedBetweenUndos > 0) {
                freedAndRebooked++;
            }
        }
        assertThat(freedAndRebooked)
                .as(
                        "undos and bookings interleaved in some round (freed contacts booked again per round: %s)",
                        rebookedPerRound)
                .isPositive();
    }

    @Test
    void savingTheSetUpWhileBookingsRaceNeitherDeadlocksNorOverBooks() throws Exception {
        int raisedMidRace = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Practice practice = practiceWithTwoClinicians(20);
            List<JsonNode> answers = race(CLIENTS, i -> {
                if (i == CLIENTS / 2) {
                    data.setUp(
                            practice.ods,
                            practice.token,
                            settings(
                                    List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 25, EVERY_DAY)),
                                    allDay(),
                                    "CLOSE",
                                    0));
                    return null;
                }
                return contact(practice, "RECEPTION");
            });
            int booked = outcomes(answers, "BOOKED");
            assertThat(booked).as("round %d", round).isBetween(40, 50);
            assertEveryOutcomeStoredAndNoneOverCap(practice, answers);
            if (booked > 40) {
                raisedMidRace++;
            }
        }
        assertThat(raisedMidRace)
                .as("the raised caps took effect while requests were still arriving in some round")
                .isPositive();
    }

    record Practice(String ods, String token, long first) {}

    Practice practiceWithTwoClinicians(int cap) {
        SafeWorkingPractice practice = data.practiceTakingActionOne(settings(
                List.of(clinician("GP 1", cap, EVERY_DAY), clinician("GP 2", cap, EVERY_DAY)), allDay(), "CLOSE", 0));
        return new Practice(practice.ods(), practice.managerToken(), practice.clinicianId(0));
    }

    JsonNode contact(Practice practice, String channel) {
        Http.Response response = http.postJson(
                "/api/practices/" + practice.ods + "/contacts",
                Map.of("channel", channel, "kind", "ROUTINE"),
                practice.token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    interface Client {
        JsonNode run(int index) throws Exception;
    }

    /** Starts every client at once and checks that requests really were in flight together. */
    List<JsonNode> race(int count, Client client) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<Future<JsonNode>> futures = new ArrayList<>();
        Map<Integer, Boolean> done = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Callable<JsonNode> task = () -> {
                ready.countDown();
                go.await();
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    return client.run(index);
                } finally {
                    inFlight.decrementAndGet();
                    done.put(index, true);
                }
            };
            futures.add(clients.submit(task));
        }
        ready.await();
        go.countDown();
        List<JsonNode> answers = new ArrayList<>();
        for (Future<JsonNode> future : futures) {
            JsonNode answer = future.get();
            if (answer != null) {
                answers.add(answer);
            }
        }
        assertThat(done).hasSize(count);
        assertThat(mostInFlight.get()).as("requests overlapped in flight").isGreaterThan(1);
        boolean booked =
                answers.stream().anyMatch(a -> a.get("outcome").asString().equals("BOOKED"));
        boolean refused =
                answers.stream().anyMatch(a -> !a.get("outcome").asString().equals("BOOKED"));
        if (answers.size() > 20) {
            assertThat(booked && refused)
                    .as("both bookings and refusals came back")
                    .isTrue();
        }
        return answers;
    }

    static int outcomes(List<JsonNode> answers, String outcome) {
        return (int) answers.stream()
                .filter(a -> a.get("outcome").asString().equals(outcome))
                .count();
    }

    void assertEveryOutcomeStoredAndNoneOverCap(Practice practice, List<JsonNode> answers) {
        for (JsonNode answer : answers) {
            String stored = jdbc.sql("select outcome from capacity.contact_request where id = :id and ods_code = :ods")
                    .param("id", answer.get("id").asLong())
                    .param("ods", practice.ods)
                    .query(String.class)
                    .single();
            assertThat(stored).isEqualTo(answer.get("outcome").asString());
        }
        int overCap =
                jdbc.sql("""
                        select count(*) from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.used > d.cap
                        """).param("ods", practice.ods).query(Integer.class).single();
        assertThat(overCap).as("clinicians over their cap").isZero();
        int miscounted =
                jdbc.sql("""
                        select count(*) from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.used <> (
                            select count(*) from capacity.contact_request r
                            where r.clinician_id = d.clinician_id and r.day = d.day and r.outcome = 'BOOKED'
                              and r.undone_at is null)
                        """).param("ods", practice.ods).query(Integer.class).single();
        assertThat(miscounted)
                .as("clinician days whose count differs from the bookings stored")
                .isZero();
    }
}
