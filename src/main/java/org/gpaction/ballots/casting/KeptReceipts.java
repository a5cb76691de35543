package org.gpaction.ballots.casting;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Receipts kept for a Confirm pressed twice, or for a vote sent to the API again with its retry key (see
 * {@link ReceiptKeeping}). A receipt is written with its vote, in the same statement or transaction, so a second
 * Confirm or a retry that finds the link used finds the receipt too. It is kept for {@link #KEPT_FOR}, never past the
 * ballot's close, and deleted at the close with the ballot's others.
 */
@Repository
public class KeptReceipts {

    /** Long enough for a slow answer and a second press, short enough that nobody comes back to it. */
    static final Duration KEPT_FOR = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final Clock clock;

    KeptReceipts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps a receipt, in the caller's transaction: the one that casts the vote. */
    void keep(ReceiptKeeping keeping, long ballotId, String receipt, Instant closesAt) {
        Instant keptUntil = clock.instant().plus(KEPT_FOR);
        jdbc.sql("""
                        insert into ballots.kept_receipt (slot, ballot_id, sealed, kept_until)
                        values (:slot, :ballot, :sealed, :until)
                        """)
                .param("slot", keeping.slot())
                .param("ballot", ballotId)
                .param("sealed", keeping.seal(receipt))
                .param("until", Timestamp.from(keptUntil.isBefore(closesAt) ? keptUntil : closesAt))
                .update();
    }

    /** The receipt kept for this page in this session, if it is still kept. */
    Optional<String> find(ReceiptKeeping keeping) {
        return jdbc.sql("select sealed from ballots.kept_receipt where slot = :slot and kept_until > :now")
                .param("slot", keeping.slot())
                .param("now", Timestamp.from(clock.instant()))
                .query(byte[].class)
                .optional()
                .flatMap(keeping::open);
    }

    /** Deletes a ballot's kept receipts, in the close's transaction: none is kept past it. */
    public void forgetAtClose(long ballotId) {
        jdbc.sql("delete from ballots.kept_receipt where ballot_id = :ballot")
                .param("ballot", ballotId)
                .update();
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forgetExpired() {
        jdbc.sql("delete from ballots.kept_receipt where kept_until <= :now")
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}
