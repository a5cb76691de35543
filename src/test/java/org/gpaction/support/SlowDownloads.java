package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** For tests that hold a download's writer at its reader: waiting for the download to get there. */
public final class SlowDownloads {

    private SlowDownloads() {}

    /**
     * Waits up to 30 seconds for the download to reach its reader ({@code reached} counted down); a download that ends
     * first, having failed, fails the test with the download's own exception as the cause, rather than only saying that
     * the reader was never reached.
     */
    public static void awaitReaching(CountDownLatch reached, Future<?> download, String what) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> reached.getCount() == 0 || download.isDone());
        if (reached.getCount() > 0) {
            try {
                download.get();
            } catch (ExecutionException e) {
                throw new AssertionError(what + ": the download failed before it got there", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted", e);
            }
        }
        assertThat(reached.getCount()).as(what).isZero();
    }
}
