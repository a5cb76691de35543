package org.gpaction.capacity.setup;

import java.time.LocalTime;

/** Opening hours on one weekday, UK time: open from {@code opens} up to but not including {@code closes}. */
public record Hours(LocalTime opens, LocalTime closes) {

    public Hours {
        if (!closes.isAfter(opens)) {
            throw new IllegalArgumentException("closes must be after opens");
        }
    }

    public boolean contains(LocalTime time) {
        return !time.isBefore(opens) && time.isBefore(closes);
    }
}
