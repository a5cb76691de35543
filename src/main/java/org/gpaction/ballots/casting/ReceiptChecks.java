package org.gpaction.ballots.casting;

import java.security.MessageDigest;
import java.util.Optional;
import org.gpaction.ballots.crypto.Hashes;
import org.gpaction.ballots.crypto.Tracker;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether a receipt's paper is in a published ballot's record as counted. The stored tracker column is only an index:
 * the record lists each paper under the SHA-256 of its bytes as they are now, and the tally lists the papers it
 * spoilt, so a paper counts only if its bytes still hash to the receipt and the tally did not spoil it. One paper is
 * read, by the (ballot, tracker) index; the choice is never looked at. A receipt the tally spoilt a paper under is
 * still counted when another paper held the same bytes, stored under another receipt: the count takes one paper of
 * those bytes and spoils the rest as copies, as {@code verify --tracker} finds it counted in the record. Finding those
 * hashes every paper of the ballot, so publication finds them once and keeps them, and a check reads what it kept:
 * anyone may check a receipt found again and again, and nothing limits that.
 */
@Service
class ReceiptChecks {

    enum Outcome {
        COUNTED,
        /**
         * Received, but the count spoilt it, so it is not in the result: its proofs failed, it could not be read as a
         * ballot paper, it has the wrong number of options, or it copies an earlier paper; {@code spoiltBecause} gives
         * the reason tally.json records. A receipt whose bytes the count took once, under a byte copy, is
         * {@link #COUNTED}.
         */
        SPOILT,
        /** A paper was stored under this receipt, but its bytes no longer hash to it: it is not in the record. */
        CHANGED,
        NOT_FOUND
    }

    /** The outcome, and for a spoilt paper why the count spoilt it, as the ballot record's tally.json says. */
    record Checked(Outcome outcome, String spoiltBecause) {}

    private final JdbcClient jdbc;

    ReceiptChecks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    Checked check(long ballotId, byte[] tracker) {
        record Paper(byte[] encrypted, String spoiltBecause, boolean countedAmongCopies) {}
        Optional<Paper> paper = jdbc.sql("""
                        select p.encrypted,
                               (select coalesce(s ->> 'reason', '')
                                from jsonb_array_elements(cast(b.tally as jsonb) -> 'spoilt') s
                                where s ->> 'tracker' = cast(:hex as text) limit 1) as spoilt_because,
                               exists (select 1 from ballots.counted_among_copies c
                                       where c.ballot_id = p.ballot_id and c.tracker = p.tracker)
                        from ballots.ballot_paper p join ballots.ballot b on b.id = p.ballot_id
                        where p.ballot_id = :ballot and p.tracker = :tracker
                          and b.status = 'PUBLISHED' and b.tally is not null
                        """)
                .param("ballot", ballotId)
                .param("tracker", tracker)
                .param("hex", Tracker.hex(tracker))
                .query((rs, row) -> new Paper(rs.getBytes(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
        if (paper.isEmpty()) {
            return new Checked(Outcome.NOT_FOUND, null);
        }
        if (!MessageDigest.isEqual(Hashes.sha256(paper.get().encrypted()), tracker)) {
            return new Checked(Outcome.CHANGED, null);
        }
        return paper.get().spoiltBecause() != null && !paper.get().countedAmongCopies()
                ? new Checked(Outcome.SPOILT, paper.get().spoiltBecause())
                : new Checked(Outcome.COUNTED, null);
    }
}
