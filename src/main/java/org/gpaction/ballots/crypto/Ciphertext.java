package org.gpaction.ballots.crypto;

import org.bouncycastle.math.ec.ECPoint;

/** An exponential-ElGamal ciphertext (alpha, beta) = (r·G, m·G + r·K). Adding two adds their plaintexts. */
public record Ciphertext(ECPoint alpha, ECPoint beta) {

    public static final Ciphertext ZERO = new Ciphertext(Group.CURVE.getInfinity(), Group.CURVE.getInfinity());

    public Ciphertext add(Ciphertext other) {
        return new Ciphertext(alpha.add(other.alpha), beta.add(other.beta));
    }

    public Ciphertext normalize() {
        return new Ciphertext(alpha.normalize(), beta.normalize());
    }

    /** alpha then beta, 33 bytes each. */
    public byte[] encode() {
        byte[] out = new byte[2 * Group.POINT_BYTES];
        System.arraycopy(Group.encodePoint(alpha), 0, out, 0, Group.POINT_BYTES);
        System.arraycopy(Group.encodePoint(beta), 0, out, Group.POINT_BYTES, Group.POINT_BYTES);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ciphertext c && c.alpha.equals(alpha) && c.beta.equals(beta);
    }

    @Override
    public int hashCode() {
        return alpha.normalize().hashCode() * 31 + beta.normalize().hashCode();
    }
}
