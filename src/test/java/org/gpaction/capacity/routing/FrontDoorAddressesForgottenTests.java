package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.ScheduledJobs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The front door keeps what it counts of network addresses (and each practice's requests) only minutes: the minutely
 * failed-attempt sweep forgets each of its kinds a minute past the window its limit counts over, not at the window's
 * end, as each row's time is the clock of the instance that wrote it and one may run a little ahead.
 */
@GpActionTest
class FrontDoorAddressesForgottenTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    List<ScheduledTaskHolder> scheduled;

    /** Rolled back, so no other test's tries are forgotten for good. */
    @Test
    void eachKindIsForgottenAMinutePastItsWindowAndNotBefore() {
        String subject = "front door " + UUID.randomUUID();
        Map<FrontDoorLimits.Kind, Duration> windows = Map.of(
                FrontDoorLimits.Kind.FRONT_DOOR_LOOKUP, FrontDoorLimits.LOOKUP_WINDOW,
                FrontDoorLimits.Kind.FRONT_DOOR_REQUEST, FrontDoorLimits.REQUEST_WINDOW,
                FrontDoorLimits.Kind.FRONT_DOOR_PRACTICE, FrontDoorLimits.REQUEST_WINDOW);
        Instant now = clock.instant();
        new TransactionTemplate(transactions).executeWithoutResult(rolledBack -> {
            rolledBack.setRollbackOnly();
            windows.forEach((kind, window) -> {
                Instant keptSince = now.minus(window.plusMinutes(1));
                tried(kind, subject + " just inside", keptSince.plusSeconds(10));
                tried(kind, subject + " just outside", keptSince.minusSeconds(10));
            });

            ScheduledJobs.runOnce(scheduled, ScheduledJobs.ATTEMPTS_KEPT_SHORT);

            for (FrontDoorLimits.Kind kind : windows.keySet()) {
                assertThat(jdbc.sql("select subject from common.failed_attempt where kind = :kind and subject like :s")
                                .param("kind", kind.name())
                                .param("s", subject + "%")
                                .query(String.class)
                                .list())
                        .as(kind.name())
                        .containsExactly(subject + " just inside");
            }
        });
    }

    private void tried(FrontDoorLimits.Kind kind, String subject, Instant at) {
        jdbc.sql("insert into common.failed_attempt (kind, subject, at) values (:kind, :subject, :at)")
                .param("kind", kind.name())
                .param("subject", subject)
                .param("at", Timestamp.from(at))
                .update();
    }
}
