package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gpaction.actions.ActionMenu;
import org.gpaction.actions.TestMenus;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@GpActionTest
class DeferralRemindersTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeferralReminders reminders;

    @Autowired
    ActionMenu menu;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void eachSubscriberIsRemindedOfEachDueDeferralOnceEvenWithSeveralInstancesRunningTheJob() throws Exception {
        String ods = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        PracticeManager manager = practiceManager(ods);
        Http http = new Http(port);
        assertThat(http.postJson(
                                "/api/practices/" + ods + "/actions",
                                Map.of("actionNumber", 9, "from", "2024-08-05"),
                                manager.token())
                        .status())
                .isEqualTo(201);

        for (int round = 0; round < 3; round++) {
            int threads = 4;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Integer> run = () -> {
                    start.await();
                    return reminders.send();
                };
                sent.add(pool.submit(run));
            }
            for (Future<Integer> future : sent) {
                future.get();
            }
            pool.shutdown();
        }

        List<String> subjects = reviewsDueSentTo(manager.email());
        assertThat(subjects)
                .containsExactly(
                        "Review due: Better digital telephony declaration (" + ods + ")",
                        "Review due: Simpler online requests declaration (" + ods + ")");
    }

    @Test
    void aSubscriptionLeftForAManagerNoLongerOnThePracticeSendsThemNothing() {
        String theirs = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String former = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        PracticeManager their = practiceManager(theirs);
        String manager = their.email();
        Http http = new Http(port);
        for (String[] choice : new String[][] {{theirs, their.token()}, {former, their.adminToken()}}) {
            assertThat(http.postJson(
                                    "/api/practices/" + choice[0] + "/actions",
                                    Map.of("actionNumber", 9, "from", "2024-08-05"),
                                    choice[1])
                            .status())
                    .isEqualTo(201);
        }
        // As a manager's choice made while an administrator moved them off the practice would leave it.
        jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                .param("ods", former)
                .param("email", manager)
                .update();

        reminders.send();

        List<String> subjects = reviewsDueSentTo(manager);
        assertThat(subjects)
                .isNotEmpty()
                .allSatisfy(subject -> assertThat(subject).endsWith("(" + theirs + ")"));
        assertThat(jdbc.sql("select count(*) from actions.subscription where ods_code = :ods and email = :email")
                        .param("ods", former)
                        .param("email", manager)
                        .query(Long.class)
                        .single())
                .as("the subscription the change of access missed is ended")
                .isZero();
    }

    /** The menu is changed in one transaction that is rolled back, so it is as it was for every other test. */
    @Test
    void aPracticeStillTakingAnActionSinceRetiredIsRemindedOfItsDeferralsAsLastPublished() {
        String ods = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        String manager = practiceManager(ods).email();
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            int current = menu.current().version();
            // The next version retires action 9 while the practice keeps deferring both its declarations.
            TestMenus.retire(jdbc, current, 9);
            jdbc.sql("""
                            insert into actions.action_period (ods_code, action_number, from_on)
                            values (:ods, 9, date '2024-08-05')
                            """).param("ods", ods).update();
            jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                    .param("ods", ods)
                    .param("email", manager)
                    .update();

            reminders.send();

            List<String> subjects = reviewsDueSentTo(manager);
            assertThat(subjects)
                    .containsExactly(
                            "Review due: Better digital telephony declaration (" + ods + ")",
                            "Review due: Simpler online requests declaration (" + ods + ")");
        });
    }

    /** The subjects of the deferral reviews due queued for the address, in order. */
    private List<String> reviewsDueSentTo(String email) {
        return jdbc.sql("""
                        select subject from notifications.outbox
                        where recipient = :to and category = 'actions-deferral-review' order by subject
                        """).param("to", email).query(String.class).list();
    }

    record PracticeManager(String email, String token, String adminToken) {}

    /**
     * A practice manager's account for the practice, made through the API as an administrator would, with an API token
     * of theirs and the administrator's.
     */
    private PracticeManager practiceManager(String ods) {
        String manager = "pm." + ods.toLowerCase() + "@reminders.test";
        Http http = new Http(port);
        String admin = http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        Http.Response created = http.postJson(
                "/api/staff",
                Map.of(
                        "email",
                        manager,
                        "password",
                        "copper willow harbour",
                        "role",
                        "PRACTICE_MANAGER",
                        "practices",
                        List.of(ods)),
                admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = http.postJson(
                        "/api/tokens", Map.of("email", manager, "password", "copper willow harbour", "name", "t"))
                .json()
                .get("token")
                .asString();
        return new PracticeManager(manager, token, admin);
    }
}
