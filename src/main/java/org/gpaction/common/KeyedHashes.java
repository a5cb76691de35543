package org.gpaction.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.stereotype.Component;

/**
 * What the database keeps of things people type, to know them again without keeping them (a replacement request's
 * details, an address emailed, a staff account signed in to, a network address tried from): an HMAC-SHA-256 under a key derived from the database
 * password. A plain hash would let whoever reads the database (a dump, a backup) test guesses offline: membership
 * numbers run in sequence, GMC numbers are seven digits, and email addresses follow a few patterns. The password is the
 * secret every instance sharing the database already holds, from its own settings (or, embedded, the password file in
 * the data directory), and the database does not: PostgreSQL keeps only a verifier of it. So every instance makes the
 * same hash, and no new secret has to be made, shared or backed up. Each purpose has its own key, so hashes kept for
 * one say nothing of another's. A changed password only means hashes kept before the change stop matching.
 */
@Component
public class KeyedHashes {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Logger log = LoggerFactory.getLogger(KeyedHashes.class);

    private final SecretKeySpec secret;
    private final Map<String, SecretKeySpec> keys = new ConcurrentHashMap<>();

    public KeyedHashes(JdbcConnectionDetails database) {
        String password = database.getPassword();
        byte[] bytes;
        if (password == null || password.isEmpty()) {
            bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            log.warn("The database is reached without a password, so replacement requests repeated within the repeat"
                    + " window are found, and replacement requests acted on for one member, emails to one address,"
                    + " wrong passwords for one staff account and tries from one network address are counted against"
                    + " their limits, only by the instance that took them; set SPRING_DATASOURCE_PASSWORD for every"
                    + " instance to share them");
        } else {
            bytes = password.getBytes(StandardCharsets.UTF_8);
        }
        this.secret = new SecretKeySpec(bytes, ALGORITHM);
    }

    /**
     * The same for the same purpose and text on every instance sharing the database; nothing a reader of it can
     * recompute. Lower-case hexadecimal, 64 digits.
     */
    public String of(String purpose, String text) {
        SecretKeySpec key = keys.computeIfAbsent(purpose, named -> new SecretKeySpec(hmac(secret, named), ALGORITHM));
        return HexFormat.of().formatHex(hmac(key, text));
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HMAC-SHA256", e);
        }
    }
}
