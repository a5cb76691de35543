package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The held clock asked for another zone reads the same instant in that zone, as the application's own clock does, and
 * a thread's reading held back on it is held back as on the clock itself.
 */
class HeldClockTests {

    /** Fourteen hours ahead of UTC all year, so its time of day and often its date are never UTC's. */
    static final ZoneId FAR_FROM_UTC = ZoneId.of("Pacific/Kiritimati");

    final HeldClock clock = new HeldClock();

    @Test
    void theClockAskedForAnotherZoneReadsTheTimeOfDayThere() {
        Clock there = clock.withZone(FAR_FROM_UTC);

        assertThat(there.getZone()).isEqualTo(FAR_FROM_UTC);
        assertThat(LocalDateTime.now(there))
                .as("the time of day in that zone, not in UTC")
                .isCloseTo(LocalDateTime.now(Clock.system(FAR_FROM_UTC)), within(5, ChronoUnit.SECONDS));
        assertThat(there.withZone(ZoneId.of("UTC")).getZone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void aThreadsReadingOnTheClockInAnotherZoneIsHeldBackAsOnTheClockItself() throws Exception {
        Clock there = clock.withZone(FAR_FROM_UTC);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Instant> reading = new CompletableFuture<>();
        Thread reader = new Thread(() -> reading.complete(there.instant()), "held-clock-reader");
        clock.holdNextReadingOf(reader, release);
        reader.start();

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        reader.getState() == Thread.State.WAITING || reader.getState() == Thread.State.TIMED_WAITING);
        assertThat(reading).as("held until released").isNotDone();
        Instant released = Instant.now();
        release.countDown();

        assertThat(reading.get(10, TimeUnit.SECONDS))
                .as("the time taken before it was held")
                .isBefore(released);
        assertThat(there.instant()).as("the next reading is not held").isAfterOrEqualTo(released);
    }
}
