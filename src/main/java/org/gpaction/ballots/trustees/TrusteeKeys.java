package org.gpaction.ballots.trustees;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.ECPoint;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.DraftVersion;
import org.gpaction.ballots.ballot.KeyNotices;
import org.gpaction.ballots.crypto.CryptoFormatException;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.ballots.crypto.TrusteeKeyJson;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A ballot's trustees: each made a key pair on their own machine ({@code trustee keygen}) and gave GP Action only the
 * public key with its proof of possession. Keys are given and taken back while the ballot is a draft, each taken back
 * only by the account that gave it, or by an administrator once that account is disabled or no longer a scrutineer
 * ({@link KeyRemovers}), and every change is told to the ballot's sender address ({@link KeyNotices}); a ballot is
 * scheduled only with at least one, and from then on they are fixed. GP Action never sees a private key.
 */
@Service
public class TrusteeKeys {

    static final int MOST_TRUSTEES = 10;
    static final int LONGEST_NAME = 200;
    /** A public key file is about 400 characters; anything far bigger is not one. */
    static final int LONGEST_KEY_FILE = 4_000;
    /** Longer than any point's encoding, so that a key named to be removed is said back only if it could be one. */
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,200}");

    private static final String TRUSTEES = """
            select name, key_file, public_key, uploaded_by, uploaded_at from ballots.trustee where ballot_id = :ballot
            """;

    /** A trustee as the ballot's record lists them, in the order their keys were given. */
    public record Trustee(
            String name, TrusteeKey.PublicKey key, String publicKey, String uploadedBy, Instant uploadedAt) {}

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final TrusteeAudit audit;
    private final ExposedKeys exposed;
    private final KeyNotices notices;
    private final KeyRemovers removers;
    private final Clock clock;
    private final TransactionTemplate transactions;

    TrusteeKeys(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            TrusteeAudit audit,
            ExposedKeys exposed,
            KeyNotices notices,
            KeyRemovers removers,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.audit = audit;
        this.exposed = exposed;
        this.notices = notices;
        this.removers = removers;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Transactional(readOnly = true)
    public List<Trustee> of(long ballotId) {
        return jdbc.sql(TRUSTEES + " order by uploaded_at, public_key")
                .param("ballot", ballotId)
                .query(TrusteeKeys::trustee)
                .list();
    }

    /** The ballot's trustee whose public key is {@code publicKey}, if any. */
    private Optional<Trustee> withKey(long ballotId, String publicKey) {
        return jdbc.sql(TRUSTEES + " and public_key = :key")
                .param("ballot", ballotId)
                .param("key", publicKey)
                .query(TrusteeKeys::trustee)
                .optional();
    }

    private static Trustee trustee(ResultSet rs, int row) throws SQLException {
        return new Trustee(
                rs.getString(1),
                parse(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant());
    }

    /** A key added, with the version of the draft its adding made, for the API's ETag. */
    record Added(Trustee trustee, DraftVersion version) {}

    /**
     * Adds a trustee's public key, given as the whole of the {@code trustee-public.json} that {@code trustee keygen}
     * wrote, only if the draft is still the version {@code expected} by the page or client that adds it, so nobody adds
     * a key to a draft changed after they looked at it. The key's proof of possession must hold, so nobody can add a
     * key they do not hold the secret of.
     */
    Added add(long ballotId, String name, String keyFile, String actor, DraftVersion.Expected expected) {
        // Before the ballot's stage: whatever it is, a trustee who pasted their private key must be told, and the
        // ballot log must say so, in a transaction of its own as the refusal stores nothing else.
        if (isPrivateKey(keyFile)) {
            audit.privateKeyExposed(ballotId, actor, keyFile, "as a trustee's public key");
            throw privateKeyPasted();
        }
        return transactions.execute(status -> addKey(ballotId, name, keyFile, actor, expected));
    }

    private Added addKey(long ballotId, String name, String keyFile, String actor, DraftVersion.Expected expected) {
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        requireDraft(ballot);
        // Before the key is read, as fixing it would be for nothing.
        requireVersion(ballotId, expected);
        String trimmedName = name == null ? "" : name.strip();
        if (trimmedName.isEmpty()) {
            throw new InvalidTrusteeKey("name", "Enter who holds this key, for example the scrutineer's name");
        }
        if (trimmedName.length() > LONGEST_NAME) {
            throw new InvalidTrusteeKey("name", "The name must be " + LONGEST_NAME + " characters or fewer");
        }
        if (TypedText.hasControlCharacters(trimmedName)) {
            throw new InvalidTrusteeKey("name", "The name must not contain control characters");
        }
        TrusteeKey.PublicKey key = read(keyFile);
        List<Trustee> existing = of(ballotId);
        String point = RecordJson.point(key.key());
        Optional<Instant> exposedAt = exposed.seenAt(point);
        if (exposedAt.isPresent()) {
            throw new InvalidTrusteeKey(
                    "keyFile",
                    "The private key of this public key was pasted into GP Action " + UkTime.onOrAt(exposedAt.get())
                            + ", so the key pair is exposed and must never be used. Make a new key pair on your own"
                            + " computer with java -jar gp-action.jar trustee keygen --out my-new-ballot-key and paste"
                            + " the new trustee-public.json");
        }
        if (existing.stream().anyMatch(t -> t.publicKey().equals(point))) {
            throw new InvalidTrusteeKey("keyFile", "This key is already one of this ballot's trustees' keys");
        }
        if (existing.size() >= MOST_TRUSTEES) {
            throw new InvalidTrusteeKey("keyFile", "A ballot can have at most " + MOST_TRUSTEES + " trustees");
        }
        ECPoint joint = key.key();
        for (Trustee trustee : existing) {
            joint = joint.add(trustee.key().key());
        }
        if (joint.normalize().isInfinity()) {
            // Only a key made from the others' can do this: it would leave votes encrypted to no key at all.
            throw new InvalidTrusteeKey(
                    "keyFile",
                    "With this key the trustees' keys add up to nothing, so no vote could be encrypted: each"
                            + " trustee must make their own key pair with trustee keygen");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into ballots.trustee (ballot_id, public_key, name, key_file, uploaded_by, uploaded_at)
                        values (:ballot, :key, :name, :file, :actor, :now)
                        """)
                .param("ballot", ballotId)
                .param("key", point)
                .param("name", trimmedName)
                .param("file", new String(RecordJson.write(TrusteeKeyJson.publicKey(key)), StandardCharsets.UTF_8))
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .update();
        ballots.trusteesChanged(ballotId, actor, now);
        logEntries.add(ballotId, actor, "TRUSTEE_KEY_ADDED", "Public key of " + trimmedName + " added: " + point, now);
        notices.tell(ballotId, "A trustee's key was added", actor + " added the public key of " + trimmedName, now);
        return new Added(new Trustee(trimmedName, key, point, actor, now), version(ballotId));
    }

    /**
     * Takes a trustee's key off a draft, for a key given by mistake or a trustee replaced, only if the draft is still
     * the version {@code expected} by the page or client that removes it, and only for the account that added it or,
     * once that account is disabled or no longer a scrutineer, an administrator; answers the version the removal made.
     */
    @Transactional
    DraftVersion remove(long ballotId, String publicKey, String actor, DraftVersion.Expected expected) {
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        requireDraft(ballot);
        requireVersion(ballotId, expected);
        if (publicKey == null || !HEX.matcher(publicKey).matches()) {
            throw new NoSuchTrusteeKey("Ballot " + ballotId + " has no trustee whose public key is that: a public key"
                    + " is written in hexadecimal digits, as the ballot's list of trustees gives it");
        }
        Trustee trustee = withKey(ballotId, publicKey)
                .orElseThrow(() -> new NoSuchTrusteeKey(
                        "Ballot " + ballotId + " has no trustee whose public key is " + publicKey));
        boolean byAnAdministrator = !removers.requireMayRemove(trustee, actor).addedIt();
        jdbc.sql("delete from ballots.trustee where ballot_id = :ballot and public_key = :key")
                .param("ballot", ballotId)
                .param("key", publicKey)
                .update();
        Instant now = clock.instant();
        ballots.trusteesChanged(ballotId, actor, now);
        logEntries.add(
                ballotId,
                actor,
                "TRUSTEE_KEY_REMOVED",
                byAnAdministrator
                        ? "Public key of " + trustee.name() + " removed by an administrator, as the account that added"
                                + " it, " + trustee.uploadedBy() + ", is disabled or no longer a scrutineer: "
                                + publicKey
                        : "Public key of " + trustee.name() + " removed: " + publicKey,
                now);
        notices.tell(
                ballotId,
                "A trustee's key was removed",
                actor + " removed the public key of " + trustee.name() + ", " + publicKey
                        + (byAnAdministrator
                                ? ", which " + trustee.uploadedBy() + " added: that account is disabled or no longer"
                                        + " a scrutineer, so only an administrator could remove it"
                                : ""),
                now);
        return version(ballotId);
    }

    /** Refuses a change made on another version of the draft than its own now, unless any will do. */
    private void requireVersion(long ballotId, DraftVersion.Expected expected) {
        if (!expected.any()) {
            version(ballotId).require(expected.seen());
        }
    }

    /** Read while this transaction holds the ballot's row, so it is exactly the version of the keys beside it. */
    private DraftVersion version(long ballotId) {
        return ballots.version(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
    }

    private static boolean isPrivateKey(String keyFile) {
        return keyFile != null && keyFile.contains(RecordJson.PRIVATE_KEY_FORMAT);
    }

    private static InvalidTrusteeKey privateKeyPasted() {
        return new InvalidTrusteeKey(
                "keyFile",
                "That is your private key (trustee-private.json): it must never leave your computer. It was not"
                        + " stored, but it has reached this server, so treat it as exposed: make a new key pair"
                        + " with trustee keygen and paste the new trustee-public.json");
    }

    static TrusteeKey.PublicKey read(String keyFile) {
        if (keyFile == null || keyFile.isBlank()) {
            throw new InvalidTrusteeKey(
                    "keyFile", "Paste the whole of trustee-public.json, which trustee keygen wrote");
        }
        if (isPrivateKey(keyFile)) {
            throw privateKeyPasted();
        }
        if (keyFile.length() > LONGEST_KEY_FILE) {
            throw new InvalidTrusteeKey(
                    "keyFile",
                    "That is too long to be trustee-public.json: paste the public key file, never the private one");
        }
        TrusteeKey.PublicKey key;
        try {
            key = TrusteeKeyJson.publicKey(
                    RecordJson.read(keyFile.strip().getBytes(StandardCharsets.UTF_8), "trustee-public.json"));
        } catch (CryptoFormatException e) {
            throw new InvalidTrusteeKey(
                    "keyFile",
                    "That is not a trustee public key file (" + e.getMessage()
                            + "): paste the whole of trustee-public.json, which trustee keygen wrote");
        }
        if (!key.verify()) {
            throw new InvalidTrusteeKey(
                    "keyFile",
                    "The key's proof of possession does not hold: paste trustee-public.json exactly as trustee keygen"
                            + " wrote it");
        }
        return key;
    }

    private static TrusteeKey.PublicKey parse(String stored) {
        return TrusteeKeyJson.publicKey(
                RecordJson.read(stored.getBytes(StandardCharsets.UTF_8), "a stored trustee key"));
    }

    private static void requireDraft(Ballot ballot) {
        if (ballot.status() != BallotStatus.DRAFT) {
            throw new TrusteesFixed("Trustees' keys are fixed once a ballot is scheduled; this ballot is "
                    + ballot.status() + (ballot.status() == BallotStatus.SCHEDULED ? ". Unschedule it first" : ""));
        }
    }

    /** A key that cannot be added, with the form field to fix. */
    public static class InvalidTrusteeKey extends RuntimeException {
        private final String field;

        InvalidTrusteeKey(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** A key to remove that is not one of the ballot's trustees' keys. */
    static class NoSuchTrusteeKey extends RuntimeException {
        NoSuchTrusteeKey(String message) {
            super(message);
        }
    }

    /** The ballot is past the stage where keys can change. */
    public static class TrusteesFixed extends RuntimeException {
        TrusteesFixed(String message) {
            super(message);
        }
    }
}
