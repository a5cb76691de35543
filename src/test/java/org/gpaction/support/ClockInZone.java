package org.gpaction.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A test clock read in another zone: the same instants as the clock it views, so that {@code
 * LocalDate.now(clock.withZone(UkTime.ZONE))} is the UK's date, as it is on the application's own clock, and not the
 * UTC date, which differs from midnight to 01:00 in summer. The test clocks' {@code withZone} give one of these.
 */
public final class ClockInZone extends Clock {

    private final Clock source;
    private final ZoneId zone;

    public ClockInZone(Clock source, ZoneId zone) {
        this.source = source;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId another) {
        return new ClockInZone(source, another);
    }

    @Override
    public Instant instant() {
        return source.instant();
    }
}
