package org.gpaction.ballots.ballot;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A ballot's trustees whose private key was pasted into GP Action after their public key was given (the key pair is
 * then exposed: see the trustees' {@code ExposedKeys}), and what that does to the ballot. A ballot not yet open must
 * never open with such a key, so it goes back to being a draft, to be given a new one; one whose votes are already
 * encrypted to it carries on, but its log, its page and the scrutineer's certification say so.
 */
@Component
public class ExposedTrustees {

    /**
     * A trustee's key seen exposed: whose, the public key (never the secret), when the secret was first seen, and the
     * account that added the key, the only one that can remove it.
     */
    public record ExposedTrustee(String name, String publicKey, Instant seenAt, String addedBy) {

        /** When, with its preposition: "on 1 December 2026 at 9:00am", or "at midnight at the start of …". */
        public String seenWhen() {
            return UkTime.onOrAt(seenAt);
        }

        String words() {
            return name + "'s key (public key " + publicKey + ") was pasted into GP Action " + seenWhen()
                    + " (UK time)";
        }
    }

    private final JdbcClient jdbc;
    private final BallotLogEntries logEntries;
    private final KeyNotices keyNotices;

    ExposedTrustees(JdbcClient jdbc, BallotLogEntries logEntries, KeyNotices keyNotices) {
        this.jdbc = jdbc;
        this.logEntries = logEntries;
        this.keyNotices = keyNotices;
    }

    /** The ballot's trustees whose key is exposed, in the order their keys were given. */
    public List<ExposedTrustee> of(long ballotId) {
        return jdbc.sql("""
                        select t.name, t.public_key, e.seen_at, t.uploaded_by from ballots.trustee t
                        join ballots.exposed_trustee_key e on e.public_key = t.public_key
                        where t.ballot_id = :id order by t.uploaded_at, t.public_key
                        """)
                .param("id", ballotId)
                .query((rs, row) -> new ExposedTrustee(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .list();
    }

    /**
     * A key has just been found exposed: every ballot given it and not yet open goes back to being a draft, and every
     * ballot whose votes are encrypted to it says so in its log. Drafts are locked too: one being scheduled meanwhile
     * holds its row and cannot see this exposure until it commits, so it is waited for, found scheduled and made a
     * draft again; one scheduled after this commits sees the exposure under its own lock and is refused. A ballot the
     * clock is opening meanwhile is likewise found open once the clock is done, and warned of rather than missed.
     */
    public void keyExposed(String publicKey, Instant now) {
        List<Long> notOpen =
                jdbc.sql("""
                        select t.ballot_id from ballots.trustee t join ballots.ballot b on b.id = t.ballot_id
                        where t.public_key = :key and b.status in ('DRAFT', 'SCHEDULED') order by t.ballot_id
                        for update of b
                        """).param("key", publicKey).query(Long.class).list();
        for (long ballotId : notOpen) {
            returnedToDraft(ballotId, "system", now);
        }
        List<Long> voting =
                jdbc.sql("""
                        select t.ballot_id from ballots.trustee t join ballots.ballot b on b.id = t.ballot_id
                        where t.public_key = :key and b.status in ('OPEN', 'CLOSED', 'PUBLISHED')
                        order by t.ballot_id
                        """).param("key", publicKey).query(Long.class).list();
        for (long ballotId : voting) {
            logEntries.add(ballotId, "system", "TRUSTEE_KEY_EXPOSED", votesAtRisk(of(ballotId)), now);
        }
    }

    /**
     * A scheduled ballot with an exposed key back to a draft, with a log entry naming the key and what to do; false,
     * changing nothing, if it is not scheduled or none of its keys is exposed. Its roll, never made, is unfrozen, and it
     * takes the next version, as when it is unscheduled, so that an ETag or a page from while it was scheduled changes,
     * schedules or deletes nothing once it is a draft, the refusal saying it was {@code actor} who changed it, and when.
     */
    public boolean returnedToDraft(long ballotId, String actor, Instant now) {
        List<ExposedTrustee> exposed = of(ballotId);
        if (exposed.isEmpty()) {
            return false;
        }
        int returned = jdbc.sql("""
                        update ballots.ballot set status = 'DRAFT', roll_frozen_at = null,
                            version = version + 1, changed_at = :now, changed_by = :actor
                        where id = :id and status = 'SCHEDULED'
                        """)
                .param("id", ballotId)
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .update();
        if (returned == 0) {
            return false;
        }
        logEntries.add(
                ballotId,
                actor,
                "RETURNED_TO_DRAFT",
                "Returned to draft, so that it never opens with an exposed key: "
                        + sentence(exposed) + ". " + whoCanRemove(exposed) + ": signed in as that account, remove"
                        + " the key on the ballot's Trustees page, add a new one made with trustee keygen, and schedule"
                        + " the ballot again (" + IF_DISABLED + ")",
                now);
        keyNotices.tell(
                ballotId,
                "Returned to draft",
                "ballot " + ballotId + " was returned to draft, as a trustee's private key was pasted into GP Action:"
                        + " its trustees' keys can be changed again until it is scheduled",
                now);
        return true;
    }

    /** Why an open or closed ballot's secrecy is in doubt, for its log. */
    static String votesAtRisk(List<ExposedTrustee> exposed) {
        return "The votes are encrypted to a key whose private half has reached GP Action: " + sentence(exposed)
                + ". Whoever saw it, holding the other trustees' private keys too (if there are others), could"
                + " decrypt any paper. The ballot carries on; until its report is certified, the scrutineer weighs this";
    }

    /** Who else can take a key off the ballot, the account that added it being unable to. */
    static final String IF_DISABLED =
            "if that account is disabled or no longer a scrutineer, an administrator can remove the key instead";

    /** Who can take these keys off the ballot: "Only the account that added a key can remove it (a@b added X's)". */
    public static String whoCanRemove(List<ExposedTrustee> exposed) {
        return "Only the account that added a key can remove it ("
                + exposed.stream()
                        .map(e -> e.addedBy() + " added " + e.name() + "'s")
                        .collect(Collectors.joining("; "))
                + ")";
    }

    private static String sentence(List<ExposedTrustee> exposed) {
        return exposed.stream().map(ExposedTrustee::words).collect(Collectors.joining("; "));
    }
}
