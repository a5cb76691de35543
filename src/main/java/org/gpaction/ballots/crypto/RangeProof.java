package org.gpaction.ballots.crypto;

import java.math.BigInteger;

/**
 * A disjunctive Chaum–Pedersen proof that a ciphertext encrypts 0 or 1: a challenge and a response for each
 * branch, (c0, c1, v0, v1), with c0 + c1 equal to the Fiat–Shamir challenge.
 */
public record RangeProof(BigInteger c0, BigInteger c1, BigInteger v0, BigInteger v1) {

    public RangeProof {
        Proof.requireScalar(c0);
        Proof.requireScalar(c1);
        Proof.requireScalar(v0);
        Proof.requireScalar(v1);
    }
}
