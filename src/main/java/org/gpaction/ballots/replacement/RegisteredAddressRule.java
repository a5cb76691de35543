package org.gpaction.ballots.replacement;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.gpaction.membership.MemberIdentities;
import org.springframework.stereotype.Component;

/**
 * When a ballot link goes to a member's registered address at once, without the scrutineer's check: only if every
 * change to it since the member's first link on the ballot went was the member's own (joining, or through a sign-in
 * link to their details), or the scrutineer has sent the member a link there. An address someone else set since (an
 * administrator's edit or a membership import) could carry the member's vote to whoever set it, so it waits for the
 * scrutineer; a later change the member made through a sign-in link does not clear it, as that link went to the address
 * the other person set. A member's own request for a link ({@link ReplacementLinks}) and a reminder round both ask
 * this rule, the round for all the members it reminds at once.
 */
@Component
public class RegisteredAddressRule {

    private final MemberIdentities identities;
    private final VoterCredentials credentials;
    private final ScrutineerSentAddresses sentByScrutineer;

    RegisteredAddressRule(
            MemberIdentities identities, VoterCredentials credentials, ScrutineerSentAddresses sentByScrutineer) {
        this.identities = identities;
        this.credentials = credentials;
        this.sentByScrutineer = sentByScrutineer;
    }

    /**
     * The rule itself: empty when the registered address goes at once, or else when someone other than the member set
     * it, which is after the member's first link went.
     *
     * @param othersLastChanged when someone other than the member last changed the address; null if nobody else has
     * @param firstLinkWent when the member's first link on the ballot went
     * @param scrutineerSentThere whether the scrutineer has sent the member a link to this address for the ballot,
     *     asked only when the answer turns on it
     */
    static Optional<Instant> heldBack(
            Instant othersLastChanged, Instant firstLinkWent, BooleanSupplier scrutineerSentThere) {
        if (othersLastChanged == null
                || !othersLastChanged.isAfter(firstLinkWent)
                || scrutineerSentThere.getAsBoolean()) {
            return Optional.empty();
        }
        return Optional.of(othersLastChanged);
    }

    /** Whether a link the member asks for at their registered address, {@code address}, goes at once. */
    boolean goesAtOnce(long ballotId, String membershipNumber, String address) {
        return heldBack(
                        identities
                                .addressesOthersLastChanged(List.of(membershipNumber))
                                .get(membershipNumber),
                        credentials.firstIssued(ballotId, membershipNumber),
                        () -> sentByScrutineer.sentTo(ballotId, membershipNumber, address))
                .isEmpty();
    }

    /** What the rule reads for every member a round reminds, in two statements however many they are. */
    public ForRound forRound(long ballotId, Collection<String> membershipNumbers) {
        return new ForRound(
                identities.addressesOthersLastChanged(membershipNumbers), sentByScrutineer.byMember(ballotId));
    }

    /** The rule for the members of one round, read before it sends anything. */
    public static final class ForRound {

        private final Map<String, Instant> othersChanged;
        private final Map<String, Set<String>> sentThere;

        private ForRound(Map<String, Instant> othersChanged, Map<String, Set<String>> sentThere) {
            this.othersChanged = othersChanged;
            this.sentThere = sentThere;
        }

        /**
         * Empty when the member's registered address, {@code address}, goes at once; or else when someone other than the
         * member set it.
         */
        public Optional<Instant> heldBack(String membershipNumber, Instant firstLinkWent, String address) {
            return RegisteredAddressRule.heldBack(
                    othersChanged.get(membershipNumber),
                    firstLinkWent,
                    () -> sentThere
                            .getOrDefault(membershipNumber, Set.of())
                            .contains(address.toLowerCase(Locale.ROOT)));
        }
    }
}
