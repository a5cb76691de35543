package org.gpaction.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How fast queued mail reaches a real SMTP server (GreenMail on loopback): a ballot's 200,000 links must go out in
 * hours, not days. Run with {@code ./mvnw -Pbench verify}; prints figures, asserts nothing about time.
 */
@SpringBootTest
class MailBenchmark {

    static final int MESSAGES = 5_000;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void sendsQueuedMailOverSmtp() {
        String subject = "Bench " + UUID.randomUUID();
        String body = "A message the size of a ballot email.\n\n".repeat(12);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (int i = 0; i < MESSAGES; i++) {
                outbox.send(new Email("voter" + i + "@bench.test", subject, body, "bench"));
            }
        });
        long start = System.nanoTime();
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        jdbc.sql("select count(*) from notifications.outbox where subject = :s and status = 'SENT'")
                                        .param("s", subject)
                                        .query(Long.class)
                                        .single()
                                == MESSAGES);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "BENCH mail: %,d queued messages sent over SMTP in %.1f s: %.0f messages/s (200,000 in %.0f min)%n",
                MESSAGES, seconds, MESSAGES / seconds, 200_000 / (MESSAGES / seconds) / 60);
    }
}
