package org.gpaction.membership.selfservice;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.membership.members.MembershipProperties;
import org.springframework.stereotype.Component;

/**
 * Unknown joining and sign-in links, counted per network address, so links cannot be guessed at speed. The link is
 * looked up before the address's count, so a real link works whatever others at the same address tried; and a link
 * that was made but is used or expired is no guess, so it is answered as such and never counted.
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
     * What {@code lookUp} finds for the link (or does with it). When it finds nothing and {@code known} says no such
     * link was ever made, the miss is counted against the address, or refused with {@link TooManyRequests}
     * when the address has missed too often already; a used or expired link is only not found.
     */
    <T> Optional<T> find(String token, String address, Function<String, Optional<T>> lookUp, Predicate<String> known) {
        Optional<T> found = lookUp.apply(token);
        if (found.isEmpty()
                && !known.test(token)
                && attempts.refusesMiss(
                        RequestKind.MEMBERSHIP_LINK_TRY,
                        address,
                        properties.unknownLinksPerAddress(),
                        properties.requestWindow())) {
            throw new TooManyRequests(RetryAfter.ofRefused(
                    attempts,
                    RequestKind.MEMBERSHIP_LINK_TRY,
                    address,
                    properties.unknownLinksPerAddress(),
                    properties.requestWindow()));
        }
        return found;
    }
}
