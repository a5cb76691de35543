package org.gpaction.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZonedDateTime;
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

/**
 * Messages sent or withdrawn are deleted 90 days later; messages waiting and those that failed stay, so a ballot's
 * count of undelivered mail never changes.
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

    @Test
    void sentAndWithdrawnMessagesAreDeletedAfter90DaysWhileWaitingAndFailedOnesStay() {
        String category = "retention-" + UUID.randomUUID();
        String about = "ballot:" + UUID.randomUUID();
        ZonedDateTime now = ZonedDateTime.now(UkTime.ZONE);
        Instant longAgo = now.minusDays(91).toInstant();
        Instant lately = now.minusDays(89).toInstant();
        message(category, about, "sent-long-ago", "SENT", longAgo);
        message(category, about, "sent-lately", "SENT", lately);
        message(category, about, "withdrawn-long-ago", "WITHDRAWN", longAgo);
        message(category, about, "withdrawn-lately", "WITHDRAWN", lately);
        message(category, about, "failed-long-ago", "FAILED", longAgo);
        message(category, about, "waiting-since-long-ago", "PENDING", longAgo);
        assertThat(outbox.undelivered(category, about)).isOne();

        assertThat(sentMail.forgetSentMail()).isGreaterThanOrEqualTo(2);

        assertThat(jdbc.sql("select recipient from notifications.outbox where category = :category order by id")
                        .param("category", category)
                        .query(String.class)
                        .list())
                .containsExactly(
                        "sent-lately@retention.test",
                        "withdrawn-lately@retention.test",
                        "failed-long-ago@retention.test",
                        "waiting-since-long-ago@retention.test");
        assertThat(outbox.undelivered(category, about)).isOne();
        assertThat(sentMail.forgetSentMail()).as("nothing old is left").isZero();
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
                .containsPattern("Emails GP Action sent: [^<]*</th>\\s*<td[^>]*>90 days after they were sent</td>"
                        + "\\s*<td[^>]*>deleted<");
    }

    /** A message as the dispatcher leaves it: the body only while waiting, a time for each way it ended. */
    private void message(String category, String about, String name, String status, Instant at) {
        boolean waiting = status.equals("PENDING");
        jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, body, category, status, attempts,
                            next_attempt, created_at, sent_at, last_attempt, about)
                        values (:to, 'Retention', :body, :category, :status, :attempts, :next, :at, :sentAt,
                            :lastAttempt, :about)
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
                .update();
    }
}
