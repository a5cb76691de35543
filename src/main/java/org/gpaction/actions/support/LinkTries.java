package org.gpaction.actions.support;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tries at unknown pledge and withdrawal links, counted per network address: an address that has tried too many in
 * {@link Pledges#WINDOW} is refused. The link is looked up first, so a real link works whatever others at the same
 * address tried (a valid 256-bit link cannot be come across by guessing); and a link that was made but is used or
 * expired is no guess, so it is answered as such and never counted.
 */
@Component
class LinkTries {

    private final FailedAttempts attempts;
    private final SpentLinkHashes spentLinks;
    private final JdbcClient jdbc;

    LinkTries(FailedAttempts attempts, SpentLinkHashes spentLinks, JdbcClient jdbc) {
        this.attempts = attempts;
        this.spentLinks = spentLinks;
        this.jdbc = jdbc;
    }

    /**
     * What {@code lookUp} finds for the token, looked up only for a token of a real token's shape. When nothing is
     * found and no such link was ever made, the miss is counted against the address, or refused with
     * {@link Pledges.TooManyRequests}, saying how long until it may try again, when the address has already missed too
     * often; a used or expired link is only not found.
     */
    <T> Optional<T> find(String token, String address, Function<String, Optional<T>> lookUp) {
        boolean shaped = SecretTokens.looksValid(token);
        Optional<T> found = shaped ? lookUp.apply(token) : Optional.empty();
        if (found.isEmpty()
                && !(shaped && made(token))
                && attempts.refusesMiss(
                        PledgeKind.PLEDGE_LINK_TRY, address, Pledges.LINK_TRIES_PER_ADDRESS, Pledges.WINDOW)) {
            throw new Pledges.TooManyRequests(RetryAfter.ofRefused(
                    attempts, PledgeKind.PLEDGE_LINK_TRY, address, Pledges.LINK_TRIES_PER_ADDRESS, Pledges.WINDOW));
        }
        return found;
    }

    /**
     * Remembers links used up or whose records are deleted (a null hash, a pledge whose link was never sent, is passed
     * over), for {@link SpentLinkHashes#KEPT}, so that reopening one is known for no guess.
     */
    void spent(Collection<byte[]> hashes) {
        spentLinks.remember(PledgeKind.PLEDGE_LINK_TRY, hashes);
    }

    void spent(byte[] hash) {
        spentLinks.remember(PledgeKind.PLEDGE_LINK_TRY, hash);
    }

    /** Remembers confirmation links replaced by their email sent again, as {@link #spent(Collection)} does. */
    void replaced(Collection<byte[]> hashes) {
        spentLinks.remember(PledgeKind.PLEDGE_LINK_REPLACED, hashes);
    }

    /** Whether the link was made, as a pledge's or a withdrawal link, usable, replaced or not: not a guess. */
    private boolean made(String token) {
        byte[] hash = SecretTokens.hash(token);
        return spentLinks.remembers(PledgeKind.PLEDGE_LINK_TRY, hash)
                || spentLinks.remembers(PledgeKind.PLEDGE_LINK_REPLACED, hash)
                || jdbc.sql("""
                                select exists (select 1 from actions.pledge where token_hash = :hash)
                                    or exists (select 1 from actions.pledge_withdrawal where token_hash = :hash)
                                """).param("hash", hash).query(Boolean.class).single();
    }
}
