package org.gpaction.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs, set on by hand: to reach a ballot's deadline or a practice's next working day without waiting
 * for it. Time keeps passing from wherever it was moved to.
 */
public final class MovingClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    /** The earliest time the clock was set to since it was last set back to now; null when it was not. */
    private volatile Instant earliestSet;

    public void advance(Duration by) {
        offset = offset.plus(by);
        remember(instant());
    }

    /** From now on the clock reads {@code at}, and runs on from there. */
    public void moveTo(Instant at) {
        offset = Duration.between(Instant.now(), at);
        remember(at);
    }

    /**
     * Sets the clock back to the real time.
     *
     * @return the earliest time the clock was set to since it was last set back, or now if that is later: what it
     *     dated since then is dated from there on
     */
    public Instant backToNow() {
        Instant now = Instant.now();
        Instant earliest = earliestSet;
        offset = Duration.ZERO;
        earliestSet = null;
        return earliest == null || earliest.isAfter(now) ? now : earliest;
    }

    private synchronized void remember(Instant at) {
        if (earliestSet == null || at.isBefore(earliestSet)) {
            earliestSet = at;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock read in another zone (see {@link ClockInZone}). */
    @Override
    public Clock withZone(ZoneId zone) {
        return new ClockInZone(this, zone);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
