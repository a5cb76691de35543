package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a refused client still sends after its answer is read and dropped, so that the connection is not closed under
 * it, but not for ever. UploadRefusedForTheDiskFloorTests and UploadRefusalTests send real bodies to the server;
 * LingeringCloseBoundsTests sends them slowly, and more at once than it reads.
 */
class LingeringCloseTests {

    @Test
    void aBodyThatEndsIsReadToItsEnd() throws Exception {
        AtomicInteger reads = new AtomicInteger();

        long dropped = LingeringClose.drop(() -> reads.incrementAndGet() <= 50 ? 65_536 : -1, Duration.ofSeconds(30));

        assertThat(dropped).isEqualTo(50L * 65_536);
    }

    @Test
    void aClientThatNeverStopsSendingIsReadNoLongerThanTheBound() {
        long started = System.nanoTime();

        long dropped = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> LingeringClose.drop(() -> 65_536, Duration.ofMillis(500)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(dropped).isPositive();
    }
}
