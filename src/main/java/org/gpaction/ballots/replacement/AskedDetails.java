package org.gpaction.ballots.replacement;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.stereotype.Component;

/**
 * What the repeat check keeps of the details a replacement request gave: an HMAC-SHA-256 under a key derived from the
 * database password. A plain hash would let whoever reads the database (a dump, a backup) test guesses of a member's
 * details offline: membership numbers run in sequence and GMC numbers are seven digits. The password is the secret
 * every instance sharing the database already holds, from its own settings (or, embedded, the password file in the data
 * directory), and the database does not: PostgreSQL keeps only a verifier of it. So every instance finds a repeat sent
 * to another, and no new secret has to be made, shared or backed up. A changed password only means a repeat asked
 * across the change, within the repeat window, is acted on again.
 */
@Component
class AskedDetails {

    private static final String PURPOSE = "GP Action replacement request repeat check";
    private static final Logger log = LoggerFactory.getLogger(AskedDetails.class);

    private final SecretKeySpec key;

    AskedDetails(JdbcConnectionDetails database) {
        String password = database.getPassword();
        byte[] secret;
        if (password == null || password.isEmpty()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.warn("The database is reached without a password, so replacement requests repeated within the repeat"
                    + " window are found only by the instance that took the first; set SPRING_DATASOURCE_PASSWORD"
                    + " for every instance to find them all");
        } else {
            secret = password.getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"), PURPOSE), "HmacSHA256");
    }

    /** The same for the same details on every instance sharing the database; nothing a reader of it can recompute. */
    String of(String membershipNumber, String gmcNumber, String email) {
        return HexFormat.of().formatHex(hmac(key, membershipNumber + "\n" + gmcNumber + "\n" + email));
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HMAC-SHA256", e);
        }
    }
}
