package org.gpaction.membership.selfservice;

import java.util.Optional;
import java.util.function.Function;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.membership.members.MembershipProperties;
import org.springframework.stereotype.Component;

/**
 * Joining and sign-in links that could not be used, counted per network address, so links cannot be guessed at speed.
 * The link is looked up before the address's count, so a real link works whatever others at the same address tried.
 */
@Component
class LinkMisses {

    private final FailedAttempts attempts;
    private final MembershipProperties properties;

    LinkMisses(FailedAttempts attempts, MembershipProperties properties) {
        this.attempts = attempts;
        this.properties = properties;
    }

    /**
     * What {@code lookUp} finds for the link (or does with it). When it finds nothing the miss is counted against the address, or
     * refused with {@link Joining.TooManyRequests} when the address has missed too often already.
     */
    <T> Optional<T> find(String token, String address, Function<String, Optional<T>> lookUp) {
        return attempts.lookUpFirst(
                RequestKind.MEMBERSHIP_LINK_TRY,
                address,
                properties.unknownLinksPerAddress(),
                properties.requestWindow(),
                () -> lookUp.apply(token),
                Joining.TooManyRequests::new);
    }
}
