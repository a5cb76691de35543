package org.gpaction.ballots.casting;

import java.time.Duration;
import java.util.Optional;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.stereotype.Component;

/** Receipt codes that were not found, counted per address, so codes cannot be tried at speed. */
@Component
class ReceiptThrottle {

    enum Kind implements FailedAttempts.Kind {
        RECEIPT_CHECK
    }

    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final FailedAttempts attempts;
    private final int limit;

    ReceiptThrottle(FailedAttempts attempts, CastingProperties properties) {
        this.attempts = attempts;
        this.limit = properties.unknownReceiptsPerAddress();
    }

    /**
     * Whether a receipt not found from this address is refused, and if so how long until it may try again; one not
     * refused is counted.
     */
    Optional<RetryAfter> refused(String address) {
        if (!attempts.refusesMiss(Kind.RECEIPT_CHECK, address, limit, WINDOW)) {
            return Optional.empty();
        }
        return Optional.of(RetryAfter.ofRefused(attempts, Kind.RECEIPT_CHECK, address, limit, WINDOW));
    }
}
