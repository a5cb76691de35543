package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.gpaction.ballots.crypto.Ciphertext;
import org.gpaction.ballots.crypto.DecryptionShare;
import org.gpaction.ballots.crypto.DecryptionShareJson;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedTally;
import org.gpaction.ballots.crypto.Hashes;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.Tally;
import org.gpaction.ballots.crypto.TallyJson;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.ballots.crypto.TrusteeKey;
import org.gpaction.ballots.crypto.TrusteeKeyJson;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.gpaction.ballots.trustees.Tallying;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tests' trustee: one key pair made once per run, whose public key goes on the ballots tests write straight into
 * the tables, and whose private key decrypts their totals as a real trustee would offline.
 */
public final class TestTrustee {

    public static final TrusteeKey KEY = TrusteeKey.generate(new SecureRandom());
    public static final String NAME = "Test trustee";

    private static final SecureRandom random = new SecureRandom();

    private TestTrustee() {}

    /** trustee-public.json as trustee keygen writes it. */
    public static String publicKeyFile() {
        return publicKeyFile(KEY);
    }

    /** trustee-public.json as trustee keygen writes it for another trustee's key. */
    public static String publicKeyFile(TrusteeKey key) {
        return new String(RecordJson.write(TrusteeKeyJson.publicKey(key.publicKey())), StandardCharsets.UTF_8);
    }

    /** The private key file a careless trustee might send instead of the public one. */
    public static String privateKeyFile(TrusteeKey key) {
        return new String(RecordJson.write(TrusteeKeyJson.privateKey(key)), StandardCharsets.UTF_8);
    }

    /** The secret a private key file holds, to check that nothing kept or answered repeats it. */
    public static String secretIn(String privateKeyFile) {
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("\"secretKey\"\\s*:\\s*\"([0-9a-f]+)\"")
                .matcher(privateKeyFile);
        assertThat(secret.find()).as(privateKeyFile).isTrue();
        return secret.group(1);
    }

    public static String publicKey() {
        return RecordJson.point(KEY.publicKey().key());
    }

    /** Gives the ballot this trustee's key, as adding it on the trustees page would. */
    public static void addTo(JdbcClient jdbc, long ballotId) {
        jdbc.sql("""
                        insert into ballots.trustee (ballot_id, public_key, name, key_file, uploaded_by, uploaded_at)
                        values (:ballot, :key, :name, :file, 'test', now())
                        on conflict do nothing
                        """)
                .param("ballot", ballotId)
                .param("key", publicKey())
                .param("name", NAME)
                .param("file", publicKeyFile())
                .update();
    }

    /**
     * Gives the ballot another trustee's key, made now, as {@code addedBy} adding it on the trustees page would;
     * answers its public key.
     */
    public static String addKey(JdbcClient jdbc, long ballotId, String name, String addedBy) {
        return addKey(jdbc, ballotId, name, addedBy, TrusteeKey.generate(random), Duration.ZERO);
    }

    /**
     * Gives the ballot {@code key}, as {@code addedBy} adding it on the trustees page {@code later} than now would (a
     * second puts it after the keys already given, in the order trustees are listed and the election takes them);
     * answers its public key.
     */
    public static String addKey(
            JdbcClient jdbc, long ballotId, String name, String addedBy, TrusteeKey key, Duration later) {
        String publicKey = RecordJson.point(key.publicKey().key());
        jdbc.sql("""
                        insert into ballots.trustee (ballot_id, public_key, name, key_file, uploaded_by, uploaded_at)
                        values (:ballot, :key, :name, :file, :by, now() + :later * interval '1 millisecond')
                        """)
                .param("ballot", ballotId)
                .param("key", publicKey)
                .param("name", name)
                .param("file", publicKeyFile(key))
                .param("by", addedBy)
                .param("later", later.toMillis())
                .update();
        return publicKey;
    }

    /** The API call a scrutineer makes to add this trustee's key to a draft; answers the response's status. */
    public static int addThroughApi(org.gpaction.support.Http http, String scrutineerToken, long ballotId) {
        return http.postJson(
                        "/api/ballots/" + ballotId + "/trustees",
                        "{\"name\":\"" + NAME + "\",\"key\":" + publicKeyFile() + "}",
                        scrutineerToken)
                .status();
    }

    /** The election a ballot's papers are encrypted under once this trustee's key is its only one. */
    public static Election election(JdbcClient jdbc, long ballotId) {
        return jdbc.sql("select election_id, question, options from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, row) -> new Election(
                        rs.getString(1),
                        rs.getString(2),
                        Arrays.asList((String[]) rs.getArray(3).getArray()),
                        List.of(KEY.publicKey())))
                .single();
    }

    /** An encrypted paper for option {@code choice}, written as casting writes one; answers the voter's receipt. */
    public static String paper(JdbcClient jdbc, Election election, long ballotId, int choice) {
        var paper = election.encrypt(choice, random);
        jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        values (gen_random_uuid(), :ballot, :encrypted, :tracker, current_date)
                        """)
                .param("ballot", ballotId)
                .param("encrypted", paper.encode())
                .param("tracker", paper.tracker())
                .update();
        return Tracker.grouped(paper.tracker());
    }

    /**
     * A paper someone with the database stuffs in, a vote for the first option whose proofs they cannot make, stored
     * under the hash of its bytes as casting would; answers its bytes.
     */
    public static byte[] forgedPaper(JdbcClient jdbc, long ballotId) {
        byte[] forged = election(jdbc, ballotId).encrypt(0, random).encode();
        forged[forged.length - 1] ^= 1;
        jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        values (gen_random_uuid(), :ballot, :encrypted, :tracker, current_date)
                        """)
                .param("ballot", ballotId)
                .param("encrypted", forged)
                .param("tracker", Hashes.sha256(forged))
                .update();
        return forged;
    }

    /** share.json for the ballot's stored tally, as trustee decrypt writes it. */
    public static String share(JdbcClient jdbc, long ballotId) {
        return share(jdbc, ballotId, KEY);
    }

    /** share.json for the ballot's stored tally, as trustee decrypt writes it with another trustee's key. */
    public static String share(JdbcClient jdbc, long ballotId, TrusteeKey key) {
        return share(jdbc, ballotId, key, totals -> totals);
    }

    /**
     * share.json with this key for the ballot's stored totals as {@code changed} changes them: its proofs hold for
     * whatever it decrypts, for tests of shares that are well made but wrong.
     */
    public static String share(
            JdbcClient jdbc, long ballotId, TrusteeKey key, UnaryOperator<List<Ciphertext>> changed) {
        String tally = jdbc.sql("select tally from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query(String.class)
                .single();
        var node = RecordJson.read(tally.getBytes(StandardCharsets.UTF_8), "tally");
        EncryptedTally totals = TallyJson.tally(node);
        byte[] hE = HexFormat.of().parseHex(node.get("extendedBaseHash").asString());
        DecryptionShare share = DecryptionShare.compute(key, hE, changed.apply(totals.totals()), random);
        return new String(RecordJson.write(DecryptionShareJson.share(hE, share)), StandardCharsets.UTF_8);
    }

    /**
     * Counts a closed ballot straight into the tables, as the close's tally and this trustee's share would, for
     * fixtures that write ballots directly. The tally job may get there first; then its tally is the one decrypted.
     */
    public static void countNow(JdbcClient jdbc, long ballotId) {
        Election election = election(jdbc, ballotId);
        List<byte[]> papers = jdbc.sql(
                        "select encrypted from ballots.ballot_paper where ballot_id = :id order by paper_id")
                .param("id", ballotId)
                .query((rs, row) -> rs.getBytes(1))
                .list();
        EncryptedTally tally = Tally.count(election, papers.iterator(), true);
        jdbc.sql("update ballots.ballot set tally = :tally, tallied_at = now() where id = :id and tally is null")
                .param("tally", new String(RecordJson.write(TallyJson.tally(election, tally)), StandardCharsets.UTF_8))
                .param("id", ballotId)
                .update();
        String share = share(jdbc, ballotId);
        jdbc.sql("""
                        insert into ballots.decryption_share (ballot_id, public_key, share, uploaded_by, uploaded_at)
                        values (:ballot, :key, :share, 'test trustee', now())
                        on conflict do nothing
                        """)
                .param("ballot", ballotId)
                .param("key", publicKey())
                .param("share", share)
                .update();
        long[] counts = DecryptionShare.combine(
                election,
                tally.totals(),
                List.of(DecryptionShareJson.share(RecordJson.read(share.getBytes(StandardCharsets.UTF_8), "share"))),
                tally.counted());
        jdbc.sql("update ballots.ballot set counts = :counts, decrypted_at = now() where id = :id and counts is null")
                .param("counts", Arrays.stream(counts).boxed().toArray(Long[]::new))
                .param("id", ballotId)
                .update();
    }

    /** Counts a closed ballot as the close and this trustee would: tallied, then decrypted with this key's share. */
    public static void count(JdbcClient jdbc, Tallying tallying, DecryptionShares shares, long ballotId) {
        tallying.tally(ballotId);
        if (!shares.state(ballotId).decrypted()) {
            shares.accept(ballotId, share(jdbc, ballotId), "test trustee");
        }
    }
}
