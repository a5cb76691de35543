package org.gpaction.ballots.crypto;

import java.math.BigInteger;

/**
 * A Schnorr or Chaum–Pedersen proof in compact form, after ElectionGuard 2.0: the challenge c and the response
 * v = u − c·x (mod n). The verifier recomputes the commitments from them and checks that they hash to c.
 */
public record Proof(BigInteger challenge, BigInteger response) {

    public Proof {
        requireScalar(challenge);
        requireScalar(response);
    }

    static void requireScalar(BigInteger k) {
        if (k == null || k.signum() < 0 || k.compareTo(Group.N) >= 0) {
            throw new CryptoFormatException("A proof's scalars must be below the group order");
        }
    }
}
