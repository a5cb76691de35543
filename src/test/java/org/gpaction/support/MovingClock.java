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

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** From now on the clock reads {@code at}, and runs on from there. */
    public void moveTo(Instant at) {
        offset = Duration.between(Instant.now(), at);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
