package org.gpaction.ballots.replacement;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A voter's live credential (ACTIVE, or USED once they voted) and the address their ballot email goes to. Locking
 * the live credential orders a replacement against a vote on the same member: whichever takes the row first
 * wins, and the other sees its result.
 */
@Repository
class VoterCredentials {

    record Live(long id, boolean used) {}

    private final JdbcClient jdbc;

    VoterCredentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The member's live credential on this ballot, locked; empty if they are not on its roll. */
    Optional<Live> lockLive(long ballotId, String membershipNumber) {
        return jdbc.sql("""
                        select id, state from ballots.credential
                        where ballot_id = :ballot and membership_number = :member and ended_at is null
                        for update
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .query((rs, row) -> new Live(rs.getLong(1), rs.getString(2).equals("USED")))
                .optional();
    }

    /** When the member's first link on this ballot was issued. */
    Instant firstIssued(long ballotId, String membershipNumber) {
        return jdbc.sql("""
                        select min(issued_at) from ballots.credential
                        where ballot_id = :ballot and membership_number = :member
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    /** Ends an ACTIVE credential and issues its successor; the new credential's token is made when it is sent. */
    long replace(Live live, long ballotId, String membershipNumber, Instant now) {
        int ended = jdbc.sql("""
                        update ballots.credential set state = 'REPLACED', ended_at = :now
                        where id = :id and state = 'ACTIVE'
                        """)
                .param("now", Timestamp.from(now))
                .param("id", live.id())
                .update();
        if (ended != 1) {
            throw new IllegalStateException("Credential " + live.id() + " was not active under its lock");
        }
        return jdbc.sql("""
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                        values (:ballot, :member, :now, 'ACTIVE')
                        returning id
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
    }

    /** The address a scrutineer set for this member's ballot email, if they corrected it. */
    Optional<String> correctedAddress(long ballotId, String membershipNumber) {
        return jdbc.sql("""
                        select email from ballots.ballot_address
                        where ballot_id = :ballot and membership_number = :member
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .query(String.class)
                .optional();
    }

    /** Ends the scrutineer's correction for this member's ballot email, if any; the address it had. */
    Optional<String> endCorrection(long ballotId, String membershipNumber) {
        return jdbc.sql("""
                        delete from ballots.ballot_address
                        where ballot_id = :ballot and membership_number = :member
                        returning email
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .query(String.class)
                .optional();
    }

    void correctAddress(
            long ballotId, String membershipNumber, String email, String actor, String reason, Instant now) {
        jdbc.sql("""
                        insert into ballots.ballot_address (ballot_id, membership_number, email, set_by, set_at, reason)
                        values (:ballot, :member, :email, :actor, :now, :reason)
                        on conflict (ballot_id, membership_number) do update
                            set email = excluded.email, set_by = excluded.set_by, set_at = excluded.set_at,
                                reason = excluded.reason
                        """)
                .param("ballot", ballotId)
                .param("member", membershipNumber)
                .param("email", email)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .param("reason", reason)
                .update();
    }
}
