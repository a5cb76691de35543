package org.gpaction.ballots.trustees;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.TrusteeKeyJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the scrutineer and administrators must be able to find afterwards when a trustee's file is refused: a private
 * key that reached the server (it must be treated as exposed) and a decryption share that was not taken. Each goes in
 * the ballot log, saying who sent it, which trustee's key if that is known and why, never what was sent, and in the
 * application's log as a warning. The refusal's own transaction rolls back, so callers write these once it is over.
 * An exposed key's public key is also kept in {@link ExposedKeys}, so the key pair is never taken for any ballot.
 */
@Component
class TrusteeAudit {

    private static final Logger log = LoggerFactory.getLogger(TrusteeAudit.class);

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final ExposedKeys exposed;
    private final Clock clock;

    TrusteeAudit(
            JdbcClient jdbc, BallotRepository ballots, BallotLogEntries logEntries, ExposedKeys exposed, Clock clock) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.exposed = exposed;
        this.clock = clock;
    }

    /** {@code as} completes "was pasted …": "as a decryption share", say. */
    @Transactional
    void privateKeyExposed(long ballotId, String actor, String pasted, String as) {
        Optional<String> key = publicKeyOf(pasted);
        log.warn(
                "Ballot {}: {} pasted a trustee's private key {} (public key {}); it was not stored, but it reached"
                        + " the server and must be treated as exposed",
                ballotId,
                actor,
                as,
                key.orElse("not readable"));
        Optional<String> trustee = key.flatMap(k -> trustee(ballotId, k));
        String whose = trustee.isPresent()
                ? trustee.get() + "'s private key (public key " + key.get() + ")"
                : key.map(k -> "A private key (public key " + k + ", not one of this ballot's trustees' keys)")
                        .orElse("A trustee's private key");
        write(
                ballotId,
                actor,
                "PRIVATE_KEY_EXPOSED",
                whose + " was pasted " + as + ". It was not stored, but it reached the server: treat it as exposed,"
                        + " and have a new key pair made with trustee keygen");
        // After the entry that says how it came: the ballots given the key then say what it means for them.
        key.ifPresent(k -> exposed.record(k, clock.instant()));
    }

    /** {@code trusteeKey} is the public key the share was made with, or null if the file could not be read. */
    @Transactional
    void shareRefused(long ballotId, String actor, String trusteeKey, String why) {
        Optional<String> key = Optional.ofNullable(trusteeKey);
        log.warn(
                "Ballot {}: a decryption share sent by {} was refused (key {}): {}",
                ballotId,
                actor,
                key.orElse("not read"),
                why);
        Optional<String> trustee = key.flatMap(k -> trustee(ballotId, k));
        String share = trustee.isPresent()
                ? trustee.get() + "'s decryption share (key " + key.get() + ")"
                : key.map(k -> "A decryption share made with key " + k).orElse("A file sent as a decryption share");
        write(ballotId, actor, "SHARE_REFUSED", share + " was refused: " + why + ". Nothing was stored");
    }

    private Optional<String> trustee(long ballotId, String publicKey) {
        return jdbc.sql("select name from ballots.trustee where ballot_id = :ballot and public_key = :key")
                .param("ballot", ballotId)
                .param("key", publicKey)
                .query(String.class)
                .optional();
    }

    private void write(long ballotId, String actor, String action, String detail) {
        // A ballot that does not exist has no log: the warning above is all there is.
        if (ballots.find(ballotId).isPresent()) {
            logEntries.add(ballotId, actor, action, detail, clock.instant());
        }
    }

    /**
     * The public key of a pasted private key file, worked out from its secret (the key pair the server has seen);
     * never the secret itself.
     */
    static Optional<String> publicKeyOf(String privateKeyFile) {
        try {
            return Optional.of(RecordJson.point(TrusteeKeyJson.publicKeyOfSecret(
                    RecordJson.read(privateKeyFile.strip().getBytes(StandardCharsets.UTF_8), "The file"))));
        } catch (RuntimeException e) {
            // Whatever shape the file has, saying so is never held up by reading it.
            return Optional.empty();
        }
    }
}
