package org.gpaction.ballots.trustees;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.crypto.DecryptionShare;
import org.gpaction.ballots.crypto.DecryptionShareJson;
import org.gpaction.ballots.crypto.EncryptedTally;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.ballots.crypto.TallyJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Where a closed ballot's count stands, as stored: its encrypted totals, the shares given, and the decrypted totals. */
@Component
class CountStates {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final TrusteeKeys trustees;

    CountStates(JdbcClient jdbc, BallotRepository ballots, TrusteeKeys trustees) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.trustees = trustees;
    }

    @Transactional(readOnly = true)
    DecryptionShares.CountState state(long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        record Stored(String tally, Long[] counts, Instant decryptedAt) {}
        Stored stored = jdbc.sql("select tally, counts, decrypted_at from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, row) -> new Stored(
                        rs.getString(1),
                        rs.getArray(2) == null ? null : (Long[]) rs.getArray(2).getArray(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .single();
        Map<String, DecryptionShares.TrusteeShare> uploaded = jdbc
                .sql("""
                        select public_key, uploaded_by, uploaded_at from ballots.decryption_share
                        where ballot_id = :ballot
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> new DecryptionShares.TrusteeShare(
                        null,
                        rs.getString(1),
                        null,
                        null,
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant()))
                .list()
                .stream()
                .collect(Collectors.toMap(DecryptionShares.TrusteeShare::publicKey, s -> s));
        List<DecryptionShares.TrusteeShare> list = new ArrayList<>();
        for (TrusteeKeys.Trustee trustee : trustees.of(ballotId)) {
            DecryptionShares.TrusteeShare share = uploaded.get(trustee.publicKey());
            list.add(new DecryptionShares.TrusteeShare(
                    trustee.name(),
                    trustee.publicKey(),
                    trustee.uploadedBy(),
                    trustee.uploadedAt(),
                    share == null ? null : share.uploadedBy(),
                    share == null ? null : share.uploadedAt()));
        }
        return new DecryptionShares.CountState(
                stored.tally() == null ? null : tally(stored.tally()),
                list,
                stored.counts() == null
                        ? null
                        : Arrays.stream(stored.counts())
                                .mapToLong(Long::longValue)
                                .toArray(),
                stored.decryptedAt());
    }

    /** Every share, in the order of the ballot's trustees. */
    @Transactional(readOnly = true)
    List<DecryptionShare> shares(long ballotId) {
        Map<String, DecryptionShare> byKey = jdbc
                .sql("select public_key, share from ballots.decryption_share where ballot_id = :ballot")
                .param("ballot", ballotId)
                .query((rs, row) -> Map.entry(rs.getString(1), stored(rs.getString(2))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return trustees.of(ballotId).stream()
                .map(t -> byKey.get(t.publicKey()))
                .filter(s -> s != null)
                .toList();
    }

    private static EncryptedTally tally(String stored) {
        return TallyJson.tally(RecordJson.read(stored.getBytes(StandardCharsets.UTF_8), "the stored tally"));
    }

    private static DecryptionShare stored(String share) {
        return DecryptionShareJson.share(RecordJson.read(share.getBytes(StandardCharsets.UTF_8), "a stored share"));
    }
}
