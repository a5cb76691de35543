package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.practices.PracticeFixtures.randomText;
import static org.gpaction.practices.PracticeFixtures.utf8;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.gpaction.insights.InsightsFixtures;
import org.gpaction.practices.PracticeFixtures.EpraccurRow;
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
 * A payments file and the practice file naming a practice new to the directory, imported at the same moment in
 * either order: the practice ends with the payments file's contract type. Each import is held just before it
 * records its run, after its writes, by a test connection that keeps the other module's history table from being
 * written to; the other import is sent then. Made-up practices and a payments year no other test imports.
 */
@GpActionTest
class PaymentsAlongsideDirectoryTests {

    private static final String YEAR = "2017-18";
    private static final Duration LONG_ENOUGH = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Practices practices;

    InsightsFixtures.Api api;
    ExecutorService threads;
    String practice;

    @BeforeEach
    void setUp() {
        api = new InsightsFixtures.Api(port);
        threads = Executors.newFixedThreadPool(2);
        // A code the payments file takes (a letter, a letter or digit, three digits and one more) and no real
        // practice has: none starts with X.
        practice = "X" + randomText(1)
                + String.format("%03d", ThreadLocalRandom.current().nextInt(1000)) + randomText(1);
    }

    /** Nothing of the made-up year or practice is left for other tests to count. */
    @AfterEach
    void cleanUp() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        jdbc.sql("delete from insights.payment where year = :year")
                .param("year", YEAR)
                .update();
        jdbc.sql("delete from practices.payments_contract_type where ods_code = :ods")
                .param("ods", practice)
                .update();
        jdbc.sql("delete from practices.practice where ods_code = :ods")
                .param("ods", practice)
                .update();
    }

    @Test
    void aPaymentsFileSentWhileThePracticeFileIsBeingImportedGivesTheNewPracticeItsType() throws Exception {
        boolean queued = secondWaitsBehindFirst(
                "lock table practices.import_run in share mode", this::importPracticeFile, this::importPaymentsFile);

        assertThat(practices.find(practice).orElseThrow().contractType())
                .as("the type the payments file gives")
                .isEqualTo(ContractType.PMS);
        assertThat(queued)
                .as("the payments file waited for the practice file, so this order happened")
                .isTrue();
    }

    @Test
    void thePracticeFileSentWhileAPaymentsFileIsBeingImportedGivesTheNewPracticeItsType() throws Exception {
        boolean queued = secondWaitsBehindFirst(
                "lock table insights.import_run in share mode", this::importPaymentsFile, this::importPracticeFile);

        assertThat(practices.find(practice).orElseThrow().contractType())
                .as("the type the payments file gives")
                .isEqualTo(ContractType.PMS);
        assertThat(queued)
                .as("the practice file waited for the payments file, so this order happened")
                .isTrue();
    }

    /**
     * Starts the first import and waits until it is held by {@code hold}, after its writes; then sends the second and
     * waits until it queues behind the first, or has finished without waiting. Lets the first go and waits for both.
     *
     * @return whether the second was seen waiting behind the first
     */
    private boolean secondWaitsBehindFirst(String hold, Supplier<Http.Response> first, Supplier<Http.Response> second)
            throws Exception {
        CompletableFuture<Http.Response> firstSent;
        CompletableFuture<Http.Response> secondSent;
        boolean queued;
        try (Connection holder = holding(dataSource, hold)) {
            int held = LockWaits.backend(holder);
            firstSent = CompletableFuture.supplyAsync(first, threads);
            await().atMost(LONG_ENOUGH).until(() -> LockWaits.blockedBy(jdbc, held) == 1);
            secondSent = CompletableFuture.supplyAsync(second, threads);
            await().atMost(LONG_ENOUGH).until(() -> secondSent.isDone() || LockWaits.waitingBehind(jdbc, held) == 2);
            queued = !secondSent.isDone() && LockWaits.waitingBehind(jdbc, held) == 2;
            holder.rollback();
        }
        Http.Response firstAnswer = firstSent.get(30, TimeUnit.SECONDS);
        Http.Response secondAnswer = secondSent.get(30, TimeUnit.SECONDS);
        assertThat(firstAnswer.status()).as(firstAnswer.body()).isEqualTo(201);
        assertThat(secondAnswer.status()).as(secondAnswer.body()).isEqualTo(201);
        return queued;
    }

    private Http.Response importPracticeFile() {
        return api.importPractices(
                "epraccur",
                "alongside.csv",
                utf8(new EpraccurRow(practice, "ALONGSIDE SURGERY", "QHM", "16C").toString()));
    }

    private Http.Response importPaymentsFile() {
        String file = "Practice Code,Practice Name,Contract Type,Number of Registered Patients (Last Known Figure),"
                + "Number of Weighted Patients (Last Known Figure),Global Sum,Total NHS Payments to General Practice\n"
                + practice + ",ALONGSIDE SURGERY,PMS,900,1000,90000,95000\n";
        return api.importInsights("payments", "alongside-payments.csv", "year=" + YEAR, utf8(file));
    }
}
