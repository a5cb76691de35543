package org.gpaction.ballots.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Trustees and elections for the tests. */
final class Elections {

    private Elections() {}

    static List<TrusteeKey> trustees(int n, SecureRandom random) {
        List<TrusteeKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(TrusteeKey.generate(random));
        }
        return keys;
    }

    static Election yesNo(List<TrusteeKey> trustees) {
        return new Election(
                "2024-gp-collective-action",
                "Do you agree to take collective action?",
                List.of("Yes", "No"),
                trustees.stream().map(TrusteeKey::publicKey).toList());
    }

    /** Counts a list of encoded ballots. */
    static EncryptedTally count(Election e, List<byte[]> ballots) {
        return Tally.count(e, ballots.iterator(), true);
    }

    static List<DecryptionShare> shares(Election e, List<TrusteeKey> trustees, EncryptedTally t, SecureRandom r) {
        return trustees.stream()
                .map(k -> DecryptionShare.compute(k, e.extendedBaseHash(), t.totals(), r))
                .toList();
    }
}
