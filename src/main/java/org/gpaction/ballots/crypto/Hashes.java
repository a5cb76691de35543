package org.gpaction.ballots.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The hash H(key; separator, fields…) = HMAC-SHA-256 with a 32-byte key over one separator byte followed by the
 * framed fields, after ElectionGuard 2.0. Every field is framed as a 4-byte big-endian length and then its bytes:
 * points 33 bytes compressed, scalars 32 bytes big-endian, integers 4 bytes big-endian, text UTF-8.
 */
public final class Hashes {

    static final String VERSION = "GP Action ballot record v1";

    static final byte BASE = 0x01;
    static final byte KEY_PROOF = 0x10;
    static final byte EXTENDED_BASE = 0x12;
    static final byte RANGE_PROOF = 0x21;
    static final byte SUM_PROOF = 0x22;
    static final byte DECRYPTION_PROOF = 0x30;

    private Hashes() {}

    /** One per thread, as looking the algorithm up costs more than a short hash; each use starts with init. */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    public static byte[] hmac(byte[] key, byte separator, Fields fields) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(separator);
            mac.update(fields.toByteArray());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Fiat–Shamir challenge: the hash read as a 256-bit big-endian integer, reduced modulo the order. */
    public static BigInteger challenge(byte[] key, byte separator, Fields fields) {
        return new BigInteger(1, hmac(key, separator, fields)).mod(Group.N);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Framed fields for a hash input. */
    public static final class Fields {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        public Fields bytes(byte[] b) {
            int n = b.length;
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.write(b, 0, n);
            return this;
        }

        public Fields point(ECPoint p) {
            return bytes(Group.encodePoint(p));
        }

        public Fields scalar(BigInteger k) {
            return bytes(Group.encodeScalar(k.mod(Group.N)));
        }

        public Fields integer(int i) {
            return bytes(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        }

        public Fields text(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
