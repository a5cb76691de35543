package org.gpaction.actions.support;

import java.util.Optional;
import java.util.function.Function;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.springframework.stereotype.Component;

/**
 * Tries at the pledge and withdrawal links, counted per network address: every miss counts against it, and one that
 * has missed too often in {@link Pledges#WINDOW} is refused. The link is looked up first, so a real link works
 * whatever others at the same address tried (a valid 256-bit link cannot be come across by guessing).
 */
@Component
class LinkTries {

    private final FailedAttempts attempts;

    LinkTries(FailedAttempts attempts) {
        this.attempts = attempts;
    }

    /**
     * What {@code lookUp} finds for the token, looked up only for a token of a real token's shape. When nothing is
     * found the miss is counted against the address, or refused with {@link Pledges.TooManyRequests} when the address
     * has already missed too often.
     */
    <T> Optional<T> find(String token, String address, Function<String, Optional<T>> lookUp) {
        return attempts.lookUpFirst(
                PledgeKind.PLEDGE_LINK_TRY,
                address,
                Pledges.LINK_TRIES_PER_ADDRESS,
                Pledges.WINDOW,
                () -> SecretTokens.looksValid(token) ? lookUp.apply(token) : Optional.empty(),
                Pledges.TooManyRequests::new);
    }
}
