package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The group: NIST P-256 (secp256r1), written additively. Points are encoded as 33-byte compressed SEC1 points
 * (the identity, only where allowed, as 33 zero bytes), except in encrypted ballots, where they are 65-byte
 * uncompressed SEC1 points and never the identity; scalars as 32-byte big-endian integers below the order.
 */
public final class Group {

    public static final String NAME = "P-256";
    public static final int POINT_BYTES = 33;
    /** A point in an encrypted ballot: SEC1 uncompressed, so that reading it needs no square root. */
    public static final int UNCOMPRESSED_POINT_BYTES = 65;

    public static final int SCALAR_BYTES = 32;

    static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256r1");
    public static final ECCurve CURVE = PARAMETERS.getCurve();
    public static final ECPoint G = PARAMETERS.getG().normalize();
    public static final BigInteger N = PARAMETERS.getN();

    private static final FixedBase G_TABLE = new FixedBase(G);
    private static final byte[] PARAMETER_HASH = computeParameterHash();
    private static final int MOST_CACHED_KEYS = 16;
    private static final Map<ECPoint, FixedBase> KEY_TABLES = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ECPoint, FixedBase> eldest) {
            return size() > MOST_CACHED_KEYS;
        }
    };

    private Group() {}

    /** {@code k·G}, with the generator's precomputed tables. */
    public static ECPoint mulG(BigInteger k) {
        return G_TABLE.multiply(k).normalize();
    }

    /** {@code k·G}, not normalised: for callers that normalise many points at once. */
    static ECPoint mulGRaw(BigInteger k) {
        return G_TABLE.multiply(k);
    }

    /**
     * The precomputed tables of a point that is multiplied many times (an election's joint key), kept for the few
     * most recently used points so that an election made again for each vote does not rebuild them.
     */
    static FixedBase tables(ECPoint p) {
        ECPoint key = p.normalize();
        synchronized (KEY_TABLES) {
            FixedBase t = KEY_TABLES.get(key);
            if (t != null) {
                return t;
            }
        }
        FixedBase t = new FixedBase(key);
        synchronized (KEY_TABLES) {
            KEY_TABLES.putIfAbsent(key, t);
        }
        return t;
    }

    /** {@code k·P} for any point. */
    public static ECPoint mul(ECPoint p, BigInteger k) {
        if (p.isInfinity()) {
            return p;
        }
        return p.multiply(k.mod(N)).normalize();
    }

    /** {@code a·P + b·Q}, by Shamir's trick. */
    public static ECPoint sum2(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        return sum2Raw(p, a, q, b).normalize();
    }

    /** {@code a·P + b·Q}, not normalised: for callers that normalise many points at once. */
    static ECPoint sum2Raw(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        if (p.isInfinity()) {
            return q.isInfinity() ? q : q.multiply(b.mod(N));
        }
        if (q.isInfinity()) {
            return p.multiply(a.mod(N));
        }
        return ECAlgorithms.sumOfTwoMultiplies(p, a.mod(N), q, b.mod(N));
    }

    /** {@code m·G} for a small non-negative m. */
    public static ECPoint smallMultiple(long m) {
        return mulG(BigInteger.valueOf(m));
    }

    /** A scalar uniform in [0, N). */
    public static BigInteger randomScalar(SecureRandom random) {
        BigInteger k;
        do {
            k = new BigInteger(N.bitLength(), random);
        } while (k.compareTo(N) >= 0);
        return k;
    }

    /** A scalar uniform in [1, N): for secret keys, which must not be zero. */
    public static BigInteger randomNonZeroScalar(SecureRandom random) {
        BigInteger k;
        do {
            k = randomScalar(random);
        } while (k.signum() == 0);
        return k;
    }

    public static byte[] encodePoint(ECPoint p) {
        if (p.isInfinity()) {
            return new byte[POINT_BYTES];
        }
        return p.getEncoded(true);
    }

    /** Decodes a point that must not be the identity. */
    public static ECPoint decodePoint(byte[] bytes) {
        return decodePoint(bytes, false);
    }

    public static ECPoint decodePoint(byte[] bytes, boolean allowIdentity) {
        if (bytes == null || bytes.length != POINT_BYTES) {
            throw new CryptoFormatException(
                    "A point is " + POINT_BYTES + " bytes, not " + (bytes == null ? "missing" : bytes.length));
        }
        if (Arrays.equals(bytes, new byte[POINT_BYTES])) {
            if (allowIdentity) {
                return CURVE.getInfinity();
            }
            throw new CryptoFormatException("The identity is not allowed here");
        }
        if (bytes[0] != 2 && bytes[0] != 3) {
            throw new CryptoFormatException("A point must be compressed (first byte 02 or 03)");
        }
        ECPoint p;
        try {
            // BouncyCastle checks that x is below p, that y exists and that the point satisfies the curve equation.
            p = CURVE.decodePoint(bytes);
        } catch (IllegalArgumentException e) {
            throw new CryptoFormatException("Not a point on P-256", e);
        }
        if (p.isInfinity()) {
            throw new CryptoFormatException("Not a point on P-256");
        }
        return p.normalize();
    }

    /** 04, x, y: for a point in an encrypted ballot, which is never the identity. */
    public static byte[] encodeUncompressedPoint(ECPoint p) {
        if (p.isInfinity()) {
            throw new IllegalArgumentException("The identity has no uncompressed encoding");
        }
        return p.getEncoded(false);
    }

    /** Reads 65 bytes from {@code at}: 04, then x and y below p satisfying the curve equation. */
    public static ECPoint decodeUncompressedPoint(byte[] bytes, int at) {
        if (bytes[at] != 4) {
            throw new CryptoFormatException("A ballot's point must be uncompressed (first byte 04)");
        }
        try {
            // BouncyCastle refuses an x or y not below p and a point off the curve (the cofactor is 1).
            return CURVE.decodePoint(Arrays.copyOfRange(bytes, at, at + UNCOMPRESSED_POINT_BYTES));
        } catch (IllegalArgumentException e) {
            throw new CryptoFormatException("Not a point on P-256", e);
        }
    }

    public static byte[] encodeScalar(BigInteger k) {
        if (k.signum() < 0 || k.compareTo(N) >= 0) {
            throw new IllegalArgumentException("A scalar must be reduced modulo the order");
        }
        byte[] raw = k.toByteArray();
        byte[] out = new byte[SCALAR_BYTES];
        int copy = Math.min(raw.length, SCALAR_BYTES);
        System.arraycopy(raw, raw.length - copy, out, SCALAR_BYTES - copy, copy);
        return out;
    }

    public static BigInteger decodeScalar(byte[] bytes) {
        if (bytes == null || bytes.length != SCALAR_BYTES) {
            throw new CryptoFormatException(
                    "A scalar is " + SCALAR_BYTES + " bytes, not " + (bytes == null ? "missing" : bytes.length));
        }
        BigInteger k = new BigInteger(1, bytes);
        if (k.compareTo(N) >= 0) {
            throw new CryptoFormatException("A scalar must be below the group order");
        }
        return k;
    }

    /**
     * The parameter hash H_P: SHA-256 of the framed fields "GP Action ballot record v1", "P-256", p, a, b, G
     * (compressed), n, each field a 4-byte big-endian length then its bytes (integers 32 bytes big-endian).
     */
    public static byte[] parameterHash() {
        return PARAMETER_HASH.clone();
    }

    private static byte[] computeParameterHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Hashes.Fields fields = new Hashes.Fields()
                    .text(Hashes.VERSION)
                    .text(NAME)
                    .bytes(fixed32(CURVE.getField().getCharacteristic()))
                    .bytes(fixed32(CURVE.getA().toBigInteger()))
                    .bytes(fixed32(CURVE.getB().toBigInteger()))
                    .bytes(G.getEncoded(true))
                    .bytes(fixed32(N));
            return sha.digest(fields.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] fixed32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
