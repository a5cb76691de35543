package org.gpaction.common.ratelimit;

import java.time.Duration;

/**
 * How long a network address refused for sending too many waits before it may send again, as a {@code Retry-After}
 * header gives it (whole seconds) and a page says it (whole minutes), each rounded up so that nobody is told to try
 * before they may.
 *
 * @param duration at least a second
 */
public record RetryAfter(Duration duration) {

    private static final Duration LEAST = Duration.ofSeconds(1);

    public RetryAfter {
        if (duration.compareTo(LEAST) < 0) {
            duration = LEAST;
        }
    }

    /**
     * The wait of a subject just refused for {@code limit} tries of this kind in {@code window}: until the oldest of
     * those counted leaves the window.
     */
    public static RetryAfter ofRefused(
            FailedAttempts attempts, FailedAttempts.Kind kind, String given, int limit, Duration window) {
        // Refused, and then freed by that oldest one leaving the window before it was read: try in a second.
        return new RetryAfter(attempts.pausedFor(kind, given, limit, window).orElse(LEAST));
    }

    /** The whole seconds to wait, rounded up: a {@code Retry-After} header's value. */
    public long seconds() {
        return duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    }

    /** The whole minutes to wait, rounded up, as a page says it. */
    public long minutes() {
        return (seconds() + 59) / 60;
    }
}
