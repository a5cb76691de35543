package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.inbox.InboxRows;
import org.gpaction.membership.PracticeRole;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asking to join does the same work, and gets the same answer, whether the address or GMC number given is a member's
 * or nobody's: how long the answer takes cannot tell who is on the roll. What to send is decided off the request.
 */
@GpActionTest
class JoiningWorkTests {

    @LocalServerPort
    int port;

    @Autowired
    JoinRequests requests;

    @Autowired
    JoinConfirmations confirmations;

    @Autowired
    JoiningWorker worker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    PlatformTransactionManager transactionManager;

    String practice;
    String run;
    JoinDetails member;

    @BeforeEach
    void aMemberOnTheRoll() {
        practice = TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        run = UUID.randomUUID().toString().substring(0, 8);
        member = details("member." + run + "@example.org", gmc());
        String token = SecretTokens.generate();
        jdbc.sql("""
                        insert into membership.joining_request (token_hash, details, created_at, expires_at)
                        values (:hash, cast(:details as jsonb), now(), now() + interval '1 hour')
                        """)
                .param("hash", SecretTokens.hash(token))
                .param("details", json.writeValueAsString(member))
                .update();
        assertThat(confirmations.confirm(token)).isPresent();
    }

    @Test
    void aRequestReadsAndWritesTheSameTablesWhetherItNamesAMemberOrAStranger() {
        List<String> stranger = workDoneBy(details("stranger." + run + "@example.org", gmc()));
        List<String> membersAddress = workDoneBy(details(member.email(), gmc()));
        List<String> membersGmcNumber = workDoneBy(details("other." + run + "@example.org", member.gmcNumber()));

        assertThat(stranger)
                .as("the tables a request read and wrote, and how often")
                .anyMatch(table -> table.startsWith("membership.joining_inbox"))
                .noneMatch(table -> table.startsWith("membership.member"))
                .noneMatch(table -> table.startsWith("membership.joining_request"))
                .noneMatch(table -> table.startsWith("notifications."));
        assertThat(membersAddress).isEqualTo(stranger);
        assertThat(membersGmcNumber).isEqualTo(stranger);
    }

    @Test
    void theAnswerOnScreenIsTheSameForAMemberAndAStranger() {
        String stranger = answerTo(details("stranger." + run + "@example.org", gmc()));
        String membersAddress = answerTo(details(member.email(), gmc()));
        String membersGmcNumber = answerTo(details("other." + run + "@example.org", member.gmcNumber()));

        assertThat(stranger)
                .contains("Check your email", "If you are already a member, we have emailed the address on your")
                .as("a member giving someone else's address hears from us only at their own")
                .doesNotContain("We have sent an email to the address you gave");
        assertThat(membersAddress).isEqualTo(stranger);
        assertThat(membersGmcNumber).isEqualTo(stranger);
    }

    @Test
    void eachRequestIsAnsweredByEmailAfterwards() {
        String stranger = "stranger." + run + "@example.org";
        String other = "other." + run + "@example.org";
        requests.request(details(stranger, gmc()), address());
        requests.request(details(member.email(), gmc()), address());
        requests.request(details(other, member.gmcNumber()), address());

        worker.actOnWaiting();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(subjectsTo(stranger, other, member.email()))
                        .containsExactlyInAnyOrder(
                                stranger + ": Confirm your email address to join",
                                member.email() + ": You are already a member",
                                member.email() + ": Someone tried to join with your GMC number"));
        assertThat(jdbc.sql("select count(*) from membership.joining_request where details ->> 'email' = :email")
                        .param("email", stranger)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from membership.joining_inbox where details ->> 'email' like :like")
                        .param("like", "%." + run + "@example.org")
                        .query(Integer.class)
                        .single())
                .as("every request taken out of the inbox")
                .isZero();
    }

    @Test
    void aRequestThatCannotBeActedOnIsPutOffWhileThoseBehindItAreAnsweredAndDeletedAfterItsLastTry() {
        Long bad = jdbc.sql("""
                        insert into membership.joining_inbox (details, received_at)
                        values (cast(:details as jsonb), now()) returning id
                        """)
                .param("details", "\"" + run + " is no request to join\"")
                .query(Long.class)
                .single();
        String stranger = "behind." + run + "@example.org";
        requests.request(details(stranger, gmc()), address());

        worker.actOnWaiting();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(subjectsTo(stranger))
                        .containsExactly(stranger + ": Confirm your email address to join"));
        // The instance's own worker may take a row first: each failure counts once, whoever met it.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(failuresOf(bad))
                        .as("put off after one failure")
                        .containsExactly(1));
        for (int tryAgain = 2; tryAgain <= InboxRows.MOST_FAILURES; tryAgain++) {
            jdbc.sql("update membership.joining_inbox set try_after = now() - interval '1 second' where id = :id")
                    .param("id", bad)
                    .update();
            worker.actOnWaiting();
            List<Integer> expected = tryAgain < InboxRows.MOST_FAILURES ? List.of(tryAgain) : List.of();
            int attempt = tryAgain;
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(failuresOf(bad))
                            .as("after try %d", attempt)
                            .isEqualTo(expected));
        }
    }

    private List<Integer> failuresOf(long id) {
        return jdbc.sql("select failures from membership.joining_inbox where id = :id")
                .param("id", id)
                .query(Integer.class)
                .list();
    }

    /**
     * The request's own work, as PostgreSQL counts it for the connection: each table it read or wrote, with its scans
     * and the rows it inserted, updated and deleted. Counted before and after, as the counts also hold the
     * connection's earlier transactions until they are reported. Rolled back, so nothing is sent.
     */
    private List<String> workDoneBy(JoinDetails details) {
        List<String> work = new ArrayList<>();
        new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
            Map<String, List<Long>> before = tableCounts();
            requests.request(details, address());
            tableCounts().forEach((table, after) -> {
                List<Long> earlier = before.getOrDefault(table, List.of(0L, 0L, 0L, 0L, 0L));
                List<Long> done = new ArrayList<>();
                for (int i = 0; i < after.size(); i++) {
                    done.add(after.get(i) - earlier.get(i));
                }
                if (done.stream().anyMatch(count -> count != 0)) {
                    work.add(table + " (sequential scans, index scans, inserted, updated, deleted) " + done);
                }
            });
            transaction.setRollbackOnly();
        });
        return work;
    }

    private Map<String, List<Long>> tableCounts() {
        Map<String, List<Long>> counts = new TreeMap<>();
        jdbc.sql("""
                        select schemaname || '.' || relname, seq_scan, coalesce(idx_scan, 0), n_tup_ins, n_tup_upd,
                               n_tup_del
                        from pg_stat_xact_user_tables
                        """).query(rs -> {
            counts.put(
                    rs.getString(1),
                    List.of(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        });
        return counts;
    }

    private String answerTo(JoinDetails details) {
        Http browser = new Http(port);
        browser.get("/join");
        Http.Response answer = browser.postForm(
                "/join",
                Map.of(
                        "givenName", details.givenName(),
                        "familyName", details.familyName(),
                        "gmcNumber", details.gmcNumber(),
                        "email", details.email(),
                        "role", details.role().name(),
                        "practiceOds", details.practiceOds()));
        return answer.status() + " " + answer.body().replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
    }

    private List<String> subjectsTo(String... recipients) {
        return jdbc.sql("""
                        select recipient || ': ' || subject from notifications.outbox
                        where recipient = any(:to) and subject not like 'Welcome%'
                        """).param("to", recipients).query(String.class).list();
    }

    private JoinDetails details(String email, String gmc) {
        return new JoinDetails("Sam", "Rivers", gmc, email, PracticeRole.SALARIED, practice);
    }

    private static String gmc() {
        return String.valueOf(2000000 + ThreadLocalRandom.current().nextInt(7000000));
    }

    private static String address() {
        return "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
    }
}
