package org.gpaction.capacity.routing;

import java.time.Duration;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Limits on the public front door per network address: looking it up, and sending requests through it (each of which
 * uses a clinician's contact, so a script must not be able to fill a practice's day). An IPv6 address counts as its
 * /64, which one connection can fill with fresh addresses, as in every limit by address ({@link FailedAttempts}). Addresses are kept, as keyed hashes, only
 * for the minutes the limits need.
 */
@Component
class FrontDoorLimits {

    enum Kind implements FailedAttempts.Kind {
        FRONT_DOOR_LOOKUP,
        FRONT_DOOR_REQUEST
    }

    static final int LOOKUPS_PER_MINUTE = 120;
    static final int REQUESTS_PER_TEN_MINUTES = 10;
    /** How long an address refused a look-up waits: what a refusal's Retry-After says. */
    static final Duration LOOKUP_WINDOW = Duration.ofMinutes(1);
    /** How long an address refused a request waits. */
    static final Duration REQUEST_WINDOW = Duration.ofMinutes(10);

    private final FailedAttempts attempts;

    FrontDoorLimits(FailedAttempts attempts) {
        this.attempts = attempts;
    }

    boolean mayLookUp(String address) {
        return attempts.admit(Kind.FRONT_DOOR_LOOKUP, address, LOOKUPS_PER_MINUTE, LOOKUP_WINDOW);
    }

    boolean maySendRequest(String address) {
        return attempts.admit(Kind.FRONT_DOOR_REQUEST, address, REQUESTS_PER_TEN_MINUTES, REQUEST_WINDOW);
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    void forgetAddresses() {
        attempts.forget(Kind.FRONT_DOOR_LOOKUP, LOOKUP_WINDOW.plusMinutes(1));
        attempts.forget(Kind.FRONT_DOOR_REQUEST, REQUEST_WINDOW.plusMinutes(1));
    }

    /** "a minute", "10 minutes": the window as a person is told to wait it. */
    static String waitWords(Duration window) {
        long minutes = window.toMinutes();
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }
}
