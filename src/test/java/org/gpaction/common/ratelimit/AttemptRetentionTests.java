package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Failed attempts, and the counts behind every rate limit, are deleted a day after each attempt. */
@GpActionTest
class AttemptRetentionTests {

    enum Kind implements FailedAttempts.Kind {
        KEPT_A_DAY
    }

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anAttemptOlderThanADayIsDeletedAndAYoungerOneIsKept() {
        String subject = "kept-a-day " + UUID.randomUUID();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(UkTime.ZONE));
        // Stored and forgotten in one transaction, which the job joins, as the other retention tests do theirs.
        new TransactionTemplate(transactions).executeWithoutResult(storing -> {
            attempt(
                    subject + " a day and 5 minutes ago",
                    now.minusDays(1).minusMinutes(5).toInstant());
            attempt(
                    subject + " 5 minutes short of a day ago",
                    now.minusDays(1).plusMinutes(5).toInstant());
            attempt(subject + " just now", now.toInstant());
            attempts.forgetOldAttempts();
        });

        assertThat(jdbc.sql("""
                        select subject from common.failed_attempt
                        where kind = :kind and subject like :subject order by at
                        """)
                        .param("kind", Kind.KEPT_A_DAY.name())
                        .param("subject", subject + "%")
                        .query(String.class)
                        .list())
                .containsExactly(subject + " 5 minutes short of a day ago", subject + " just now");
    }

    private void attempt(String subject, Instant at) {
        jdbc.sql("insert into common.failed_attempt (kind, subject, at) values (:kind, :subject, :at)")
                .param("kind", Kind.KEPT_A_DAY.name())
                .param("subject", subject)
                .param("at", Timestamp.from(at))
                .update();
    }
}
