package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /api/practices/{ods}/contacts} sent again with the same {@code Idempotency-Key}, as a client whose answer
 * was lost retries: the request is recorded once and every sending is answered with its outcome.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class ContactsRetryTests {

    static final String RETRY_KEY = "Idempotency-Key";
    static final Map<String, Object> ROUTINE = Map.of("channel", "RECEPTION", "kind", "ROUTINE");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    @Test
    void aRetryWithTheSameKeyIsAnsweredAsTheFirstWasAndRecordsNothingMore() {
        SafeWorkingPractice practice = practice();
        String key = newKey();

        Http.Response first = send(practice.ods(), ROUTINE, practice.managerToken(), key);
        Http.Response retry = send(practice.ods(), ROUTINE, practice.managerToken(), key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("outcome").asString()).isEqualTo("BOOKED");
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(requests(practice.ods())).isEqualTo(1);
        assertThat(used(practice.ods())).isEqualTo(1);
    }

    @Test
    void requestsSentWithoutAKeyAreEachRecorded() {
        SafeWorkingPractice practice = practice();

        Http.Response first = send(practice.ods(), ROUTINE, practice.managerToken(), null);
        Http.Response second = send(practice.ods(), ROUTINE, practice.managerToken(), null);

        assertThat(second.json().get("id").asLong())
                .isNotEqualTo(first.json().get("id").asLong());
        assertThat(requests(practice.ods())).isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedNamingTheKeyAndRecordsNothing() {
        SafeWorkingPractice practice = practice();
        String key = newKey();
        assertThat(send(practice.ods(), ROUTINE, practice.managerToken(), key).status())
                .isEqualTo(201);

        Http.Response other =
                send(practice.ods(), Map.of("channel", "RECEPTION", "kind", "URGENT"), practice.managerToken(), key);

        assertThat(other.status()).as(other.body()).isEqualTo(409);
        assertThat(other.json().get("detail").asString()).contains(RETRY_KEY).contains("another request");
        assertThat(requests(practice.ods())).isEqualTo(1);
    }

    @Test
    void aKeyThatCannotBeASecretIsRefusedNamingTheHeaderAndRecordsNothing() {
        SafeWorkingPractice practice = practice();

        for (String key : List.of("short", "x".repeat(65), "spaces are not taken in a retry key")) {
            Http.Response refused = send(practice.ods(), ROUTINE, practice.managerToken(), key);
            assertThat(refused.status()).as(key).isEqualTo(400);
            assertThat(refused.body()).contains(RETRY_KEY);
        }
        assertThat(requests(practice.ods())).isZero();
    }

    @Test
    void aKeyIsItsCallersOwnAtOnePractice() {
        SafeWorkingPractice practice = practice();
        SafeWorkingPractice another = practice();
        String key = newKey();

        long manager = send(practice.ods(), ROUTINE, practice.managerToken(), key)
                .json()
                .get("id")
                .asLong();
        Http.Response receptionist = send(practice.ods(), ROUTINE, data.receptionistToken(practice.ods()), key);
        Http.Response elsewhere = send(another.ods(), ROUTINE, another.managerToken(), key);
        Http.Response administrator = send(another.ods(), ROUTINE, data.adminToken(), key);

        assertThat(receptionist.status()).as(receptionist.body()).isEqualTo(201);
        assertThat(receptionist.json().get("id").asLong()).isNotEqualTo(manager);
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(201);
        assertThat(administrator.status()).as(administrator.body()).isEqualTo(201);
        assertThat(administrator.json().get("id").asLong())
                .isNotEqualTo(elsewhere.json().get("id").asLong());
        assertThat(requests(practice.ods())).isEqualTo(2);
        assertThat(requests(another.ods())).isEqualTo(2);
    }

    @Test
    void aKeyIsKeptTenMinutes() {
        SafeWorkingPractice practice = practice();
        String key = newKey();
        long first = send(practice.ods(), ROUTINE, practice.managerToken(), key)
                .json()
                .get("id")
                .asLong();

        clock.advance(Duration.ofMinutes(9));
        assertThat(send(practice.ods(), ROUTINE, practice.managerToken(), key)
                        .json()
                        .get("id")
                        .asLong())
                .isEqualTo(first);
        clock.advance(Duration.ofMinutes(2));
        Http.Response later = send(practice.ods(), ROUTINE, practice.managerToken(), key);

        assertThat(later.status()).as(later.body()).isEqualTo(201);
        assertThat(later.json().get("id").asLong()).isNotEqualTo(first);
        assertThat(requests(practice.ods())).isEqualTo(2);
    }

    /**
     * The first sending is held at the practice's day (its row locked here) once it has claimed the key; the second,
     * sent then, is held claiming the key (the claim's row locked here too) and so really arrives while the first is
     * being recorded. Both are let go: one request is recorded, and both are answered with it.
     */
    @Test
    void twoSendingsWithOneKeyAtOnceRecordOneRequestAndAreBothAnsweredWithIt() throws Exception {
        SafeWorkingPractice practice = practice();
        // The day's row exists once a request has been recorded.
        long opening = send(practice.ods(), ROUTINE, practice.managerToken(), null)
                .json()
                .get("id")
                .asLong();
        String key = newKey();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        AtomicReference<Future<Http.Response>> first = new AtomicReference<>();
        AtomicReference<Future<Http.Response>> second = new AtomicReference<>();
        TransactionTemplate alongside = new TransactionTemplate(transactions);
        alongside.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        try {
            new TransactionTemplate(transactions).executeWithoutResult(day -> {
                jdbc.sql("select 1 from capacity.practice_day where ods_code = :ods for update")
                        .param("ods", practice.ods())
                        .query(Integer.class)
                        .list();
                first.set(clients.submit(() -> send(practice.ods(), ROUTINE, practice.managerToken(), key)));
                awaitWaitingOn("update capacity.practice_day");
                alongside.executeWithoutResult(claim -> {
                    List<Integer> claims = jdbc.sql("select 1 from capacity.form_once where ods_code = :ods for update")
                            .param("ods", practice.ods())
                            .query(Integer.class)
                            .list();
                    assertThat(claims).as("the first sending claimed the key").hasSize(1);
                    second.set(clients.submit(() -> send(practice.ods(), ROUTINE, practice.managerToken(), key)));
                    awaitWaitingOn("insert into capacity.form_once");
                });
                assertThat(first.get().isDone()).isFalse();
            });
            Http.Response one = first.get().get(30, TimeUnit.SECONDS);
            Http.Response other = second.get().get(30, TimeUnit.SECONDS);

            assertThat(one.status()).as(one.body()).isEqualTo(201);
            assertThat(other.status()).as(other.body()).isEqualTo(201);
            assertThat(other.body()).isEqualTo(one.body());
            assertThat(one.json().get("id").asLong()).isNotEqualTo(opening);
            assertThat(requests(practice.ods())).isEqualTo(2);
            assertThat(used(practice.ods())).isEqualTo(2);
        } finally {
            clients.shutdownNow();
        }
    }

    private void awaitWaitingOn(String statement) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.sql("""
                                select count(*) from pg_stat_activity
                                where datname = current_database() and wait_event_type = 'Lock'
                                  and query like :statement
                                """)
                                .param("statement", "%" + statement + "%")
                                .query(Integer.class)
                                .single()
                        == 1);
    }

    private Http.Response send(String ods, Map<String, Object> body, String token, String key) {
        return new Http(port)
                .postJson(
                        "/api/practices/" + ods + "/contacts",
                        body,
                        token,
                        key == null ? Map.of() : Map.of(RETRY_KEY, key));
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private SafeWorkingPractice practice() {
        return data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0));
    }

    private int requests(String ods) {
        return jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                .param("ods", ods)
                .query(Integer.class)
                .single();
    }

    private int used(String ods) {
        return jdbc.sql("""
                        select coalesce(sum(d.used), 0) from capacity.clinician_day d
                        join capacity.clinician c on c.id = d.clinician_id where c.ods_code = :ods
                        """).param("ods", ods).query(Integer.class).single();
    }
}
