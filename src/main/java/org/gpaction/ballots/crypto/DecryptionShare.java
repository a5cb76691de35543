package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One trustee's decryption share of the encrypted totals: for each option j with total (A_j, B_j), M_j = s·A_j and a
 * Chaum–Pedersen proof that log_G K_i = log_{A_j} M_j: a = u·G, b = u·A_j,
 * c = H(H_E; 0x30, j, K_i, A_j, B_j, M_j, a, b), v = u − c·s.
 */
public record DecryptionShare(ECPoint trusteeKey, List<Part> parts) {

    public DecryptionShare {
        trusteeKey = trusteeKey.normalize();
        parts = List.copyOf(parts);
    }

    public record Part(ECPoint share, Proof proof) {
        public Part {
            share = share.normalize();
        }
    }

    public static DecryptionShare compute(
            TrusteeKey key, byte[] extendedBaseHash, List<Ciphertext> totals, SecureRandom random) {
        List<Part> parts = new ArrayList<>();
        for (int j = 0; j < totals.size(); j++) {
            parts.add(part(key, extendedBaseHash, j, totals.get(j), Group.randomScalar(random)));
        }
        return new DecryptionShare(key.publicKey().key(), parts);
    }

    static Part part(TrusteeKey key, byte[] extendedBaseHash, int option, Ciphertext total, BigInteger u) {
        ECPoint m = Group.mul(total.alpha(), key.secret());
        ECPoint a = Group.mulG(u);
        ECPoint b = Group.mul(total.alpha(), u);
        BigInteger c = challenge(extendedBaseHash, option, key.publicKey().key(), total, m, a, b);
        return new Part(m, new Proof(c, u.subtract(c.multiply(key.secret())).mod(Group.N)));
    }

    /** The options (from 0) whose proof fails; empty when every part holds. */
    public List<Integer> failures(byte[] extendedBaseHash, List<Ciphertext> totals) {
        List<Integer> bad = new ArrayList<>();
        for (int j = 0; j < totals.size(); j++) {
            if (j >= parts.size() || !verify(extendedBaseHash, j, totals.get(j), parts.get(j))) {
                bad.add(j);
            }
        }
        if (parts.size() != totals.size() && bad.isEmpty()) {
            bad.add(totals.size());
        }
        return bad;
    }

    private boolean verify(byte[] extendedBaseHash, int option, Ciphertext total, Part part) {
        Proof p = part.proof();
        ECPoint a = Group.sum2(Group.G, p.response(), trusteeKey, p.challenge());
        ECPoint b = Group.sum2(total.alpha(), p.response(), part.share(), p.challenge());
        return challenge(extendedBaseHash, option, trusteeKey, total, part.share(), a, b)
                .equals(p.challenge());
    }

    private static BigInteger challenge(
            byte[] hE, int option, ECPoint key, Ciphertext total, ECPoint m, ECPoint a, ECPoint b) {
        return Hashes.challenge(
                hE,
                Hashes.DECRYPTION_PROOF,
                new Hashes.Fields()
                        .integer(option)
                        .point(key)
                        .point(total.alpha())
                        .point(total.beta())
                        .point(m)
                        .point(a)
                        .point(b));
    }

    /**
     * Combines one verified share from every trustee: per option B_j − Σ M_ij = t_j·G, and t_j in [0, bound] by
     * discrete log. Refuses a missing, extra or failing share.
     */
    public static long[] combine(Election election, List<Ciphertext> totals, List<DecryptionShare> shares, long bound) {
        List<TrusteeKey.PublicKey> trustees = election.trustees();
        if (shares.size() != trustees.size()) {
            throw new IllegalArgumentException(
                    "Every trustee's share is needed: " + shares.size() + " of " + trustees.size());
        }
        ECPoint[] sums = new ECPoint[totals.size()];
        java.util.Arrays.fill(sums, Group.CURVE.getInfinity());
        byte[] hE = election.extendedBaseHash();
        for (TrusteeKey.PublicKey trustee : trustees) {
            DecryptionShare share = shares.stream()
                    .filter(s -> s.trusteeKey().equals(trustee.key()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "No share from trustee " + Tracker.hex(Group.encodePoint(trustee.key()))));
            List<Integer> bad = share.failures(hE, totals);
            if (!bad.isEmpty()) {
                throw new IllegalArgumentException("The share from trustee "
                        + Tracker.hex(Group.encodePoint(trustee.key())) + " fails its proof for option "
                        + (bad.get(0) + 1));
            }
            for (int j = 0; j < totals.size(); j++) {
                sums[j] = sums[j].add(share.parts().get(j).share());
            }
        }
        long[] counts = new long[totals.size()];
        for (int j = 0; j < totals.size(); j++) {
            ECPoint t = totals.get(j).beta().subtract(sums[j]).normalize();
            counts[j] = DiscreteLog.find(t, bound);
            if (counts[j] < 0) {
                throw new IllegalArgumentException("Option " + (j + 1) + "'s total is not between 0 and " + bound);
            }
        }
        return counts;
    }
}
