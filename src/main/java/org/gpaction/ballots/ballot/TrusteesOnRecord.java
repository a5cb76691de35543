package org.gpaction.ballots.ballot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The trustees' public keys a ballot's votes are encrypted to, as given. */
@Repository
public class TrusteesOnRecord {

    /** A trustee's public key as the ballot's report names it, for the trustee to compare with their own file. */
    public record TrusteeOnRecord(String name, String publicKey, String addedBy, Instant addedAt) {

        public String addedAtText() {
            return UkTime.format(addedAt);
        }
    }

    private final JdbcClient jdbc;

    TrusteesOnRecord(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The keys the ballot's votes are encrypted to, in the order they were given. */
    public List<TrusteeOnRecord> list(long id) {
        return jdbc.sql("""
                        select name, public_key, uploaded_by, uploaded_at from ballots.trustee
                        where ballot_id = :id order by uploaded_at, public_key
                        """)
                .param("id", id)
                .query((rs, row) -> new TrusteeOnRecord(
                        rs.getString("name"),
                        rs.getString("public_key"),
                        rs.getString("uploaded_by"),
                        rs.getTimestamp("uploaded_at").toInstant()))
                .list();
    }

    /**
     * The joint key a ballot's votes are encrypted to, the sum of its trustees' public keys, as its ballot record gives
     * it and the verifier prints it; empty while it has no trustee's key.
     */
    public static Optional<String> jointKey(List<String> publicKeys) {
        return publicKeys.isEmpty() ? Optional.empty() : Optional.of(RecordJson.jointKey(publicKeys));
    }

    /** How many trustees' keys the ballot's votes will be encrypted to. */
    public int count(long id) {
        return jdbc.sql("select count(*) from ballots.trustee where ballot_id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
    }
}
