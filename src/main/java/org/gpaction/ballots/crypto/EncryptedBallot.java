package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An encrypted ballot: for each option a ciphertext with its 0-or-1 proof, and the proof that exactly one option
 * is chosen. Its canonical encoding (version 2; points uncompressed, 65 bytes, so that decoding needs no square
 * root):
 *
 * <pre>
 * 0x02 | k (2 bytes, big-endian) | k × (α 65 | β 65 | c0 32 | c1 32 | v0 32 | v1 32) | sum proof c 32 | v 32
 * </pre>
 *
 * Its tracker is the SHA-256 of that encoding.
 */
public record EncryptedBallot(List<Ciphertext> ciphertexts, List<RangeProof> rangeProofs, Proof sumProof) {

    public static final byte VERSION = 2;
    private static final int PER_OPTION = 2 * Group.UNCOMPRESSED_POINT_BYTES + 4 * Group.SCALAR_BYTES;

    public EncryptedBallot {
        ciphertexts = List.copyOf(ciphertexts);
        rangeProofs = List.copyOf(rangeProofs);
        if (ciphertexts.isEmpty() || ciphertexts.size() != rangeProofs.size()) {
            throw new CryptoFormatException("A ballot has one proof per option");
        }
    }

    public static int encodedLength(int options) {
        return 3 + options * PER_OPTION + 2 * Group.SCALAR_BYTES;
    }

    public byte[] encode() {
        int k = ciphertexts.size();
        ByteBuffer out = ByteBuffer.allocate(encodedLength(k));
        out.put(VERSION).putShort((short) k);
        for (int j = 0; j < k; j++) {
            Ciphertext ct = ciphertexts.get(j);
            RangeProof p = rangeProofs.get(j);
            out.put(Group.encodeUncompressedPoint(ct.alpha())).put(Group.encodeUncompressedPoint(ct.beta()));
            out.put(Group.encodeScalar(p.c0())).put(Group.encodeScalar(p.c1()));
            out.put(Group.encodeScalar(p.v0())).put(Group.encodeScalar(p.v1()));
        }
        out.put(Group.encodeScalar(sumProof.challenge())).put(Group.encodeScalar(sumProof.response()));
        return out.array();
    }

    /** The tracker: SHA-256 of the canonical encoding. */
    public byte[] tracker() {
        return Hashes.sha256(encode());
    }

    /**
     * Decodes a canonical encoding, refusing a wrong version, length, a point not uncompressed or off the curve
     * (the identity has no uncompressed encoding), or a scalar not below the order.
     */
    public static EncryptedBallot decode(byte[] bytes) {
        if (bytes.length < 3) {
            throw new CryptoFormatException("A ballot is too short");
        }
        if (bytes[0] != VERSION) {
            throw new CryptoFormatException("Unknown ballot encoding version " + bytes[0]);
        }
        int k = ((bytes[1] & 0xff) << 8) | (bytes[2] & 0xff);
        if (k == 0 || k > Election.MOST_OPTIONS) {
            throw new CryptoFormatException("A ballot has 1 to " + Election.MOST_OPTIONS + " options, not " + k);
        }
        if (bytes.length != encodedLength(k)) {
            throw new CryptoFormatException(
                    "A ballot of " + k + " options is " + encodedLength(k) + " bytes, not " + bytes.length);
        }
        int at = 3;
        List<Ciphertext> cts = new ArrayList<>(k);
        List<RangeProof> proofs = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            var alpha = Group.decodeUncompressedPoint(bytes, at);
            at += Group.UNCOMPRESSED_POINT_BYTES;
            var beta = Group.decodeUncompressedPoint(bytes, at);
            at += Group.UNCOMPRESSED_POINT_BYTES;
            cts.add(new Ciphertext(alpha, beta));
            BigInteger c0 = Group.decodeScalar(Arrays.copyOfRange(bytes, at, at += Group.SCALAR_BYTES));
            BigInteger c1 = Group.decodeScalar(Arrays.copyOfRange(bytes, at, at += Group.SCALAR_BYTES));
            BigInteger v0 = Group.decodeScalar(Arrays.copyOfRange(bytes, at, at += Group.SCALAR_BYTES));
            BigInteger v1 = Group.decodeScalar(Arrays.copyOfRange(bytes, at, at += Group.SCALAR_BYTES));
            proofs.add(new RangeProof(c0, c1, v0, v1));
        }
        BigInteger c = Group.decodeScalar(Arrays.copyOfRange(bytes, at, at += Group.SCALAR_BYTES));
        BigInteger v = Group.decodeScalar(Arrays.copyOfRange(bytes, at, at + Group.SCALAR_BYTES));
        return new EncryptedBallot(cts, proofs, new Proof(c, v));
    }
}
