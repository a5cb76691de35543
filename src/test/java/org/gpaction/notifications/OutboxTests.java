package org.gpaction.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The whole application sending through the shared test SMTP server. */
@GpActionTest
class OutboxTests {

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aCommittedMessageArrivesFromTheConfiguredSenderWithItsSubjectAndUtf8Body() throws Exception {
        String to = TestMailbox.uniqueAddress("committed");
        String body = "Dear Dr Ōkubo,\n\nConfirm your address: https://gpaction.test/confirm/abc123.\n\n– £107.57 ✓";

        inTransaction(() -> outbox.send(new Email(to, "Confirm your email — GP Action ✓", body, "test-committed")));

        TestMailbox.Message message = TestMailbox.awaitMessageTo(to);
        assertThat(message.from()).isEqualTo("GP Action <no-reply@gpaction.localhost>");
        assertThat(message.to()).isEqualTo(to);
        assertThat(message.subject()).isEqualTo("Confirm your email — GP Action ✓");
        assertThat(message.body()).isEqualTo(body);
        assertThat(message.firstLink()).isEqualTo("https://gpaction.test/confirm/abc123");
        MimeMessage mime = message.mime();
        assertThat(mime.getContentType()).contains("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(mime.getMessageID()).startsWith("<outbox.").endsWith("@gpaction.localhost>");
        assertThat(mime.getSentDate()).isNotNull();
    }

    @Test
    void messagesStillToSendAreFoundByCategoryAndReferenceThroughAnIndexNotByReadingEveryOneStillToSend() {
        // As when a ballot has opened: many messages still to send, of another kind, in this transaction only (rolled
        // back), with the statistics the planner would then have. Without the index it reads them all through
        // outbox_due; how few the shared test database happens to hold does not decide the plan.
        List<String> plan = new TransactionTemplate(transactionManager).execute(status -> {
            status.setRollbackOnly();
            jdbc.sql("""
                            insert into notifications.outbox
                                (recipient, subject, body, category, next_attempt, created_at, secret_link_reference)
                            select 'plan-' || g || '@example.test', 'Plan', 'Plan', 'test-plan',
                                   now() + interval '1 day', now(), 'plan-' || g
                            from generate_series(1, 20000) g
                            """).update();
            jdbc.sql("analyze notifications.outbox").update();
            return jdbc.sql("""
                            explain select id from notifications.outbox
                            where status = 'PENDING' and category = 'event-reminder'
                              and secret_link_reference = any(cast('{1,2}' as text[]))
                            """).query(String.class).list();
        });
        assertThat(String.join("\n", plan))
                .as("the references are looked up in an index")
                .containsPattern("Index Cond: .*secret_link_reference");
    }

    @Test
    void aMessageAddedInATransactionThatRollsBackIsNeverSent() {
        String rolledBack = TestMailbox.uniqueAddress("rolled-back");
        String committedAfter = TestMailbox.uniqueAddress("committed-after");

        assertThatThrownBy(() -> inTransaction(() -> {
                    outbox.send(new Email(rolledBack, "Never", "Never sent", "test-rollback"));
                    throw new IllegalStateException("what the message told of failed");
                }))
                .hasMessage("what the message told of failed");
        inTransaction(() -> outbox.send(new Email(committedAfter, "Later", "Sent", "test-rollback")));

        TestMailbox.awaitMessageTo(committedAfter);
        assertThat(rowsTo(rolledBack)).isZero();
        assertThat(TestMailbox.messagesTo(rolledBack)).isEmpty();
    }

    @Test
    void onceSentTheBodyIsErasedButWhoWhatAndWhenAreKept() {
        String to = TestMailbox.uniqueAddress("erased");
        inTransaction(() -> outbox.send(new Email(to, "Your link", "https://gpaction.test/vote/s3cr3t", "test-erase")));

        TestMailbox.awaitMessageTo(to);
        // Marked sent once the whole batch it went in has gone, other tests' mail among it.
        await().atMost(Duration.ofSeconds(60)).until(() -> "SENT".equals(status(to)));

        var row = jdbc.sql("""
                        select recipient, subject, category, body, attempts, sent_at, created_at, last_error
                        from notifications.outbox where recipient = :to
                        """).param("to", to).query().singleRow();
        assertThat(row.get("body")).isNull();
        assertThat(row)
                .containsEntry("recipient", to)
                .containsEntry("subject", "Your link")
                .containsEntry("category", "test-erase")
                .containsEntry("attempts", 1)
                .containsEntry("last_error", null);
        assertThat(row.get("sent_at")).isNotNull();
        assertThat(row.get("created_at")).isNotNull();
    }

    /**
     * A message withdrawn unsent takes with it the mark a stop left of an attempt at it (that it may have gone): nothing
     * reads the mark once the message will never be claimed, and the outbox row it names is later deleted.
     */
    @Test
    void aMessageWithdrawnUnsentTakesTheMarkOfAnUnrecordedAttemptWithIt() {
        String to = TestMailbox.uniqueAddress("withdrawn-marked");
        long id = new TransactionTemplate(transactionManager)
                .execute(status ->
                        jdbc.sql("""
                        insert into notifications.outbox
                            (recipient, subject, body, category, next_attempt, created_at, secret_link_reference)
                        values (:to, 'Reminder', 'Body', 'test-withdraw-marked', now() + interval '1 day', now(), :to)
                        returning id
                        """).param("to", to).query(Long.class).single());
        jdbc.sql("insert into notifications.sending_begun (outbox_id) values (:id)")
                .param("id", id)
                .update();

        List<String> withdrawn = new TransactionTemplate(transactionManager)
                .execute(status -> outbox.withdrawUnsent("test-withdraw-marked", List.of(to)));

        assertThat(withdrawn).containsExactly(to);
        assertThat(jdbc.sql("select count(*) from notifications.sending_begun where outbox_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void mailCanOnlyBeAddedInsideTheCallersTransaction() {
        String to = TestMailbox.uniqueAddress("no-transaction");
        assertThatThrownBy(() -> outbox.send(new Email(to, "Subject", "Body", "test")))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(rowsTo(to)).isZero();
    }

    private void inTransaction(Runnable work) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> work.run());
    }

    private long rowsTo(String to) {
        return jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                .param("to", to)
                .query(Long.class)
                .single();
    }

    private String status(String to) {
        return jdbc.sql("select status from notifications.outbox where recipient = :to")
                .param("to", to)
                .query(String.class)
                .single();
    }
}
