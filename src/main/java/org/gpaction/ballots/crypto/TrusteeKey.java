package org.gpaction.ballots.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A trustee's ElGamal key: the secret s (kept by the trustee, never given to GP Action) and the public key
 * K_i = s·G with its Schnorr proof of possession.
 */
public final class TrusteeKey {

    private final BigInteger secret;
    private final PublicKey publicKey;

    private TrusteeKey(BigInteger secret, PublicKey publicKey) {
        this.secret = secret;
        this.publicKey = publicKey;
    }

    public static TrusteeKey generate(SecureRandom random) {
        return fromSecret(Group.randomNonZeroScalar(random), random);
    }

    /** Rebuilds a key pair from its secret with a fresh proof. */
    public static TrusteeKey fromSecret(BigInteger secret, SecureRandom random) {
        return fromSecret(secret, Group.randomScalar(random));
    }

    /** With a given proof nonce u: for known-answer tests only. */
    static TrusteeKey fromSecret(BigInteger secret, BigInteger u) {
        if (secret.signum() <= 0 || secret.compareTo(Group.N) >= 0) {
            throw new CryptoFormatException("A secret key is in [1, n)");
        }
        ECPoint key = Group.mulG(secret);
        ECPoint h = Group.mulG(u);
        BigInteger c = challenge(key, h);
        BigInteger v = u.subtract(c.multiply(secret)).mod(Group.N);
        return new TrusteeKey(secret, new PublicKey(key, new Proof(c, v)));
    }

    public BigInteger secret() {
        return secret;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    static BigInteger challenge(ECPoint key, ECPoint commitment) {
        return Hashes.challenge(
                Group.parameterHash(),
                Hashes.KEY_PROOF,
                new Hashes.Fields().point(key).point(commitment));
    }

    /** A trustee's public key K_i and its proof of possession (c, v): h = v·G + c·K_i, c = H(H_P; 0x10, K_i, h). */
    public record PublicKey(ECPoint key, Proof proof) {

        public PublicKey {
            if (key.isInfinity()) {
                throw new CryptoFormatException("A public key must not be the identity");
            }
            key = key.normalize();
        }

        public boolean verify() {
            ECPoint h = Group.sum2(Group.G, proof.response(), key, proof.challenge());
            return challenge(key, h).equals(proof.challenge());
        }
    }
}
