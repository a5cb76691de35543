package org.gpaction.ballots;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gpaction.support.ClockInZone;

/**
 * The system clock, except that one thread's next reading can be held back after it is taken: that thread then
 * acts on a time that has since passed, as a request that reads the clock and is then descheduled would.
 */
public final class HeldClock extends Clock {

    private volatile Thread heldThread;
    private volatile CountDownLatch release;
    private volatile Instant heldReading;

    /** The thread's next reading is taken at once and returned only when the latch opens. */
    public void holdNextReadingOf(Thread thread, CountDownLatch until) {
        release = until;
        heldReading = null;
        heldThread = thread;
    }

    /** The reading being held back (or last held), once the thread named to {@link #holdNextReadingOf} has taken it. */
    public Optional<Instant> heldReading() {
        return Optional.ofNullable(heldReading);
    }

    @Override
    public Instant instant() {
        Instant now = Instant.now();
        if (Thread.currentThread() == heldThread) {
            heldThread = null;
            heldReading = now;
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The held clock reading was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock read in another zone (see {@link ClockInZone}). A thread's reading held back is held back on it too. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new ClockInZone(this, zone);
    }
}
