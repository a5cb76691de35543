package org.gpaction.ballots.casting;

import java.time.Duration;
import java.util.Optional;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.stereotype.Component;

/** Unknown voting links tried from one address are counted, so links cannot be guessed at speed. */
@Component
class VoteThrottle {

    enum Kind implements FailedAttempts.Kind {
        VOTING_LINK
    }

    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final FailedAttempts attempts;
    private final int limit;

    VoteThrottle(FailedAttempts attempts, CastingProperties properties) {
        this.attempts = attempts;
        this.limit = properties.unknownLinksPerAddress();
    }

    /**
     * Whether an unknown link from this address is refused, and if so how long until it may try again; one not refused
     * is counted.
     */
    Optional<RetryAfter> refused(String address) {
        if (!attempts.refusesMiss(Kind.VOTING_LINK, address, limit, WINDOW)) {
            return Optional.empty();
        }
        return Optional.of(RetryAfter.ofRefused(attempts, Kind.VOTING_LINK, address, limit, WINDOW));
    }
}
