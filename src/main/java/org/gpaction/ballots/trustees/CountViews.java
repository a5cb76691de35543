package org.gpaction.ballots.trustees;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.ExposedTrustees;
import org.springframework.stereotype.Component;

/**
 * A ballot's trustees and where its count stands, as the API answers both for keys and for decryption shares: the
 * trustees' keys, whose share is in, and the totals once decrypted.
 */
@Component
class CountViews {

    /** @param exposedAt when the key's private half was first seen pasted into GP Action; null while it never was */
    record TrusteeView(
            String name, String publicKey, String addedBy, Instant addedAt, boolean shareGiven, Instant exposedAt) {}

    record CountView(
            long ballotId,
            List<TrusteeView> trustees,
            boolean tallied,
            Long papersCounted,
            Integer papersSpoilt,
            boolean decrypted,
            List<Long> totals) {}

    private final BallotAdministration administration;
    private final DecryptionShares shares;
    private final ExposedTrustees exposedTrustees;

    CountViews(BallotAdministration administration, DecryptionShares shares, ExposedTrustees exposedTrustees) {
        this.administration = administration;
        this.shares = shares;
        this.exposedTrustees = exposedTrustees;
    }

    CountView of(long id) {
        administration.find(id);
        DecryptionShares.CountState state = shares.state(id);
        Map<String, Instant> exposed = exposedTrustees.of(id).stream()
                .collect(Collectors.toMap(
                        ExposedTrustees.ExposedTrustee::publicKey,
                        ExposedTrustees.ExposedTrustee::seenAt,
                        (first, again) -> first));
        return new CountView(
                id,
                state.trustees().stream()
                        .map(t -> new TrusteeView(
                                t.name(),
                                t.publicKey(),
                                t.keyAddedBy(),
                                t.keyAddedAt(),
                                t.uploaded(),
                                exposed.get(t.publicKey())))
                        .toList(),
                state.tallied(),
                state.tallied() ? state.tally().counted() : null,
                state.tallied() ? state.tally().spoilt().size() : null,
                state.decrypted(),
                state.decrypted() ? Arrays.stream(state.counts()).boxed().toList() : null);
    }
}
