package org.gpaction.ballots.trustees;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.ballots.ballot.ExposedTrustees;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Trustees' keys whose private half has reached the server: refused and never stored, but seen, so the key pair must
 * never be used for any ballot. Each is known by its public key, worked out from the pasted secret, which is all that
 * is kept.
 */
@Component
class ExposedKeys {

    private final JdbcClient jdbc;
    private final ExposedTrustees ballots;

    ExposedKeys(JdbcClient jdbc, ExposedTrustees ballots) {
        this.jdbc = jdbc;
        this.ballots = ballots;
    }

    /**
     * Kept from the first time it was seen: that is when it became exposed, and when the ballots given it are told
     * (one not yet open goes back to being a draft). Seen again, it changes nothing.
     */
    void record(String publicKey, Instant seenAt) {
        int first = jdbc.sql("""
                        insert into ballots.exposed_trustee_key (public_key, seen_at) values (:key, :seen)
                        on conflict (public_key) do nothing
                        """)
                .param("key", publicKey)
                .param("seen", Timestamp.from(seenAt))
                .update();
        if (first == 1) {
            ballots.keyExposed(publicKey, seenAt);
        }
    }

    /** When the private key of this public key was first seen pasted, or empty if it never was. */
    Optional<Instant> seenAt(String publicKey) {
        return jdbc.sql("select seen_at from ballots.exposed_trustee_key where public_key = :key")
                .param("key", publicKey)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .optional();
    }
}
