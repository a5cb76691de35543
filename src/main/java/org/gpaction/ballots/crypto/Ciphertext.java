package org.gpaction.ballots.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** Ciphertexts one after another, each as {@link #encode()} writes it. */
    public static byte[] encodeAll(List<Ciphertext> ciphertexts) {
        byte[] out = new byte[ciphertexts.size() * 2 * Group.POINT_BYTES];
        for (int i = 0; i < ciphertexts.size(); i++) {
            System.arraycopy(ciphertexts.get(i).encode(), 0, out, i * 2 * Group.POINT_BYTES, 2 * Group.POINT_BYTES);
        }
        return out;
    }

    /**
     * Reads what {@link #encodeAll} wrote, {@code count} ciphertexts of which either point may be the identity (a
     * sum, as of no ballots, may be).
     */
    public static List<Ciphertext> decodeAll(byte[] bytes, int count) {
        if (bytes.length != count * 2 * Group.POINT_BYTES) {
            throw new CryptoFormatException(
                    count + " ciphertexts are " + count * 2 * Group.POINT_BYTES + " bytes, not " + bytes.length);
        }
        List<Ciphertext> out = new ArrayList<>(count);
        for (int at = 0; at < bytes.length; at += 2 * Group.POINT_BYTES) {
            out.add(new Ciphertext(
                    Group.decodePoint(Arrays.copyOfRange(bytes, at, at + Group.POINT_BYTES), true),
                    Group.decodePoint(
                            Arrays.copyOfRange(bytes, at + Group.POINT_BYTES, at + 2 * Group.POINT_BYTES), true)));
        }
        return out;
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
