package org.gpaction.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.gpaction.common.UkTime;
import org.gpaction.notifications.Outbox;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages sent, withdrawn or failed are deleted 90 days later; messages waiting stay, and a failed one a module
 * counts only loses its address, so a ballot's count of undelivered mail never changes.
 */
@GpActionTest
class SentMailTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SentMail sentMail;

    @Autowired
    Outbox outbox;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void sentWithdrawnAndFailedMessagesAreDeletedAfter90DaysWhileWaitingOnesStayAndCountedOnesLoseTheirAddress() {
        String category = "retention-" + UUID.randomUUID();
        String about = "ballot:" + UUID.randomUUID();
        ZonedDateTime now = ZonedDateTime.now(UkTime.ZONE);
        Instant longAgo = now.minusDays(91).toInstant();
        Instant lately = now.minusDays(89).toInstant();
        // Such as another test class could have left on the shared database for its own checks, not to be touched: one
        // the job would delete and one whose address it would take.
        String anotherTestClasses = "another-test-class-" + UUID.randomUUID();
        List<Long> theirs = List.of(
                message(anotherTestClasses, null, "another-test-class-sent-long-ago", "SENT", longAgo),
                message(
                        anotherTestClasses,
                        "ballot:" + UUID.randomUUID(),
                        "another-test-class-failed-long-ago",
                        "FAILED",
                        longAgo));
        try {
            // The job deletes every message sent more than 90 days ago, other test classes' too: it runs in a
            // transaction rolled back once this test has read what it left, so none of theirs is deleted for good. The
            // messages are stored in the same transaction, which the job joins: its scheduled run cannot take them
            // first.
            new TransactionTemplate(transactions).executeWithoutResult(rolledBack -> {
                rolledBack.setRollbackOnly();
                message(category, about, "sent-long-ago", "SENT", longAgo);
                message(category, about, "sent-lately", "SENT", lately);
                message(category, about, "withdrawn-long-ago", "WITHDRAWN", longAgo);
                message(category, about, "withdrawn-lately", "WITHDRAWN", lately);
                message(category, about, "failed-long-ago", "FAILED", longAgo);
                message(category, about, "failed-lately", "FAILED", lately);
                message(category, null, "failed-uncounted-long-ago", "FAILED", longAgo);
                message(category, null, "failed-uncounted-lately", "FAILED", lately);
                message(category, about, "waiting-since-long-ago", "PENDING", longAgo);
                assertThat(outbox.undelivered(category, about)).isEqualTo(2);
                assertThat(countOf(category)).isEqualTo(9);

                assertThat(sentMail.forgetSentMail()).isGreaterThanOrEqualTo(4);

                assertThat(jdbc.sql("select recipient from notifications.outbox where category = :category order by id")
                                .param("category", category)
                                .query(String.class)
                                .list())
                        .containsExactly(
                                "sent-lately@retention.test",
                                "withdrawn-lately@retention.test",
                                "",
                                "failed-lately@retention.test",
                                "failed-uncounted-lately@retention.test",
                                "waiting-since-long-ago@retention.test");
                assertThat(countOf(category)).isEqualTo(6);
                assertThat(jdbc.sql("select count(*) from notifications.outbox where category = :category and"
                                        + " last_error like '%failed-long-ago%'")
                                .param("category", category)
                                .query(Integer.class)
                                .single())
                        .as("the error from the mail server may name the address too")
                        .isZero();
                assertThat(outbox.undelivered(category, about))
                        .as("still counted")
                        .isEqualTo(2);
                assertThat(sentMail.forgetSentMail()).as("nothing old is left").isZero();
            });

            assertThat(jdbc.sql("select recipient from notifications.outbox where id in (:ids) order by id")
                            .param("ids", theirs)
                            .query(String.class)
                            .list())
                    .as("another test class's messages from 91 days ago, still there with their addresses after")
                    .containsExactly(
                            "another-test-class-sent-long-ago@retention.test",
                            "another-test-class-failed-long-ago@retention.test");
        } finally {
            jdbc.sql("delete from notifications.outbox where id in (:ids)")
                    .param("ids", theirs)
                    .update();
        }
    }

    @Test
    void theUndeliveredMessagesAboutSomethingAreForgottenWithIt() {
        String category = "retention-" + UUID.randomUUID();
        String about = "ballot:" + UUID.randomUUID();
        String other = "ballot:" + UUID.randomUUID();
        Instant lately = ZonedDateTime.now(UkTime.ZONE).minusDays(1).toInstant();
        message(category, about, "failed", "FAILED", lately);
        message(category, about, "withdrawn", "WITHDRAWN", lately);
        message(category, about, "sent", "SENT", lately);
        message(category, about, "waiting", "PENDING", lately);
        message(category, other, "failed-other", "FAILED", lately);

        int forgotten = new TransactionTemplate(transactions).execute(status -> outbox.forgetUnsent(about));

        assertThat(forgotten).isEqualTo(2);
        assertThat(jdbc.sql("select recipient from notifications.outbox where category = :category order by id")
                        .param("category", category)
                        .query(String.class)
                        .list())
                .containsExactly("sent@retention.test", "waiting@retention.test", "failed-other@retention.test");
        assertThat(outbox.undelivered(category, other)).isOne();
    }

    private int countOf(String category) {
        return jdbc.sql("select count(*) from notifications.outbox where category = :category")
                .param("category", category)
                .query(Integer.class)
                .single();
    }

    @Test
    void theOutboxPageAndThePrivacyNoticeStateThePeriod() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = admin.get("/admin/outbox");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .containsPattern(
                        "deleted from the outbox\\s+<span id=\"sent-kept-for\">90 days</span> after it was sent");
        assertThat(new Http(port).get("/privacy").body())
                .containsPattern("Emails GP Action sent, or could not deliver: [^<]*</th>\\s*<td[^>]*>90 days after"
                        + " they were sent or last tried</td>"
                        + "\\s*<td[^>]*>deleted<");
    }

    /** A message as the dispatcher leaves it: the body only while waiting, a time for each way it ended. */
    private long message(String category, String about, String name, String status, Instant at) {
        boolean waiting = status.equals("PENDING");
        return jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, body, category, status, attempts,
                            next_attempt, created_at, sent_at, last_attempt, about, last_error)
                        values (:to, 'Retention', :body, :category, :status, :attempts, :next, :at, :sentAt,
                            :lastAttempt, :about, :error)
                        returning id
                        """)
                .param("to", name + "@retention.test")
                .param("body", waiting ? "Still to send" : null)
                .param("category", category)
                .param("status", status)
                .param("attempts", waiting ? 0 : 1)
                // a waiting message not due for a year, so the running dispatcher leaves it alone
                .param("next", Timestamp.from(waiting ? Instant.now().plusSeconds(365L * 24 * 3600) : at))
                .param("at", Timestamp.from(at))
                .param("sentAt", status.equals("SENT") ? Timestamp.from(at) : null)
                .param("lastAttempt", waiting ? null : Timestamp.from(at))
                .param("about", about)
                .param(
                        "error",
                        status.equals("FAILED") ? "550 5.1.1 <" + name + "@retention.test>: no such user" : null)
                .query(Long.class)
                .single();
    }
}
