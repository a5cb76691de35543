package org.gpaction.ballots.casting;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Unknown voting links tried from one address are counted, so links cannot be guessed at speed. */
@Component
class VoteThrottle {

    enum Kind implements FailedAttempts.Kind {
        VOTING_LINK
    }

    private final FailedAttempts attempts;
    private final int limit;

    VoteThrottle(FailedAttempts attempts, @Value("${gpaction.ballots.unknown-links-per-address:30}") int limit) {
        this.attempts = attempts;
        this.limit = limit;
    }

    /** Whether an unknown link from this address is refused; one not refused is counted. */
    boolean refused(String address) {
        return attempts.refusesMiss(Kind.VOTING_LINK, address, limit, java.time.Duration.ofMinutes(15));
    }
}
