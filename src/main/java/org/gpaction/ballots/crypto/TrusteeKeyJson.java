package org.gpaction.ballots.crypto;

import static org.gpaction.ballots.crypto.RecordJson.MAPPER;
import static org.gpaction.ballots.crypto.RecordJson.PRIVATE_KEY_FORMAT;
import static org.gpaction.ballots.crypto.RecordJson.PUBLIC_KEY_FORMAT;
import static org.gpaction.ballots.crypto.RecordJson.point;
import static org.gpaction.ballots.crypto.RecordJson.requireFormat;
import static org.gpaction.ballots.crypto.RecordJson.scalar;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A trustee's public and private key files. */
public final class TrusteeKeyJson {

    private TrusteeKeyJson() {}

    public static ObjectNode publicKey(TrusteeKey.PublicKey key) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", PUBLIC_KEY_FORMAT);
        n.put("publicKey", point(key.key()));
        ObjectNode proof = n.putObject("proof");
        proof.put("challenge", scalar(key.proof().challenge()));
        proof.put("response", scalar(key.proof().response()));
        return n;
    }

    public static TrusteeKey.PublicKey publicKey(JsonNode n) {
        requireFormat(n, PUBLIC_KEY_FORMAT);
        JsonNode proof = n.get("proof");
        if (proof == null) {
            throw new CryptoFormatException("Missing \"proof\"");
        }
        return new TrusteeKey.PublicKey(
                point(n, "publicKey", false), new Proof(scalar(proof, "challenge"), scalar(proof, "response")));
    }

    public static ObjectNode privateKey(TrusteeKey key) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", PRIVATE_KEY_FORMAT);
        n.put("secretKey", scalar(key.secret()));
        n.set("public", publicKey(key.publicKey()));
        return n;
    }

    /**
     * The public key a private key file's secret gives (s·G), worked out from the secret: the file's own "public" is
     * not trusted, as anyone can write any public key there.
     */
    public static ECPoint publicKeyOfSecret(JsonNode n) {
        requireFormat(n, PRIVATE_KEY_FORMAT);
        BigInteger secret = scalar(n, "secretKey");
        if (secret.signum() == 0) {
            throw new CryptoFormatException("A secret key is in [1, n)");
        }
        return Group.mulG(secret).normalize();
    }

    /** Reads a private key file, checking that its secret gives its public key. */
    public static TrusteeKey privateKey(JsonNode n, SecureRandom random) {
        requireFormat(n, PRIVATE_KEY_FORMAT);
        BigInteger secret = scalar(n, "secretKey");
        TrusteeKey key = TrusteeKey.fromSecret(secret, random);
        JsonNode pub = n.get("public");
        if (pub != null && !publicKey(pub).key().equals(key.publicKey().key())) {
            throw new CryptoFormatException("The private key does not match its public key");
        }
        return key;
    }
}
