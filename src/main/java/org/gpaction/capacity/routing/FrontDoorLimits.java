package org.gpaction.capacity.routing;

import java.time.Duration;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;
import org.gpaction.common.ratelimit.NetworkSubjects;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Limits on the public front door per network address: looking it up, and sending requests through it (each of which
 * uses a clinician's contact, so a script must not be able to fill a practice's day). Requests are counted per address
 * and practice: one NHS site's Wi-Fi, or a mobile carrier's shared address, carries many patients of many practices,
 * and those of one practice must not use up the others' allowance. An IPv6 address counts as its /64, which one
 * connection can fill with fresh addresses, as in every limit by address ({@link FailedAttempts}). Addresses are kept,
 * as keyed hashes, only for the minutes the limits need: a request's under one keyed hash of its network and the
 * practice, 64 hexadecimal digits like every subject counted per address, so neither is kept beside the other in clear.
 */
@Component
class FrontDoorLimits {

    enum Kind implements FailedAttempts.Kind {
        FRONT_DOOR_LOOKUP,
        /** Counted under one keyed hash of the address's network and the practice's code. */
        FRONT_DOOR_REQUEST {
            @Override
            public Counted counted() {
                return Counted.PER_SUBJECT_GIVEN;
            }
        }
    }

    static final int LOOKUPS_PER_MINUTE = 120;
    static final int REQUESTS_PER_TEN_MINUTES = 10;
    /** How long an address refused a look-up waits: what a refusal's Retry-After says. */
    static final Duration LOOKUP_WINDOW = Duration.ofMinutes(1);
    /** How long an address refused a request waits. */
    static final Duration REQUEST_WINDOW = Duration.ofMinutes(10);

    /** Each purpose has its own key, so these hashes say nothing of the network fingerprints other limits keep. */
    private static final String REQUESTS_PURPOSE = "GP Action front-door requests from one network to one practice";

    private final FailedAttempts attempts;
    private final KeyedHashes hashes;

    FrontDoorLimits(FailedAttempts attempts, KeyedHashes hashes) {
        this.attempts = attempts;
        this.hashes = hashes;
    }

    boolean mayLookUp(String address) {
        return attempts.admit(Kind.FRONT_DOOR_LOOKUP, address, LOOKUPS_PER_MINUTE, LOOKUP_WINDOW);
    }

    /** Whether the address may send one more request to the practice, counting it if it may. */
    boolean maySendRequest(String address, String odsCode) {
        return attempts.admit(
                Kind.FRONT_DOOR_REQUEST, requestSubject(address, odsCode), REQUESTS_PER_TEN_MINUTES, REQUEST_WINDOW);
    }

    /**
     * What the address's requests to the practice are counted under: a keyed hash of the practice's code and the
     * address's network (an IPv6 address as its /64), the code first, as it holds no space and so ends where it ends.
     */
    String requestSubject(String address, String odsCode) {
        return hashes.of(REQUESTS_PURPOSE, odsCode + " " + NetworkSubjects.of(address));
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
