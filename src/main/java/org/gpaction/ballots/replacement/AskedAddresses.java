package org.gpaction.ballots.replacement;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.common.DurationWords;
import org.gpaction.common.KeyedHashes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The addresses asked for in a member's name that wait for the scrutineer's check, each added to the member's waiting
 * request for the ballot, or counted again there if asked for before. Every address asked for is kept: anyone who
 * knows the member's numbers can ask in their name, and a later address taking the place of an earlier one would lose
 * the member's own. Once the request has gained its few within the window, yet another address is not kept, so nobody
 * can bury the member's own among theirs; but it may be the member's own, asked for after someone else's, so it is
 * named in the ballot's log and counted on the request, and the scrutineer is told to ask the member for their address.
 * Each such address is counted and named once per request, however often it is asked for, so repeats add nothing to
 * the count or the log. The caller ({@link ReplacementLinks}) holds the member's live link, so requests for the member
 * are acted on one at a time. An address a reminder round held back ({@link AddressesHeldBack}) was not asked for: it
 * does not count among the few, and is first asked for when someone first asks for it.
 */
@Component
class AskedAddresses {

    private static final String NOT_KEPT_PURPOSE = "GP Action replacement addresses not kept";

    private final JdbcClient jdbc;
    private final BallotLogEntries logEntries;
    private final ReplacementProperties properties;
    private final KeyedHashes hashes;

    AskedAddresses(JdbcClient jdbc, BallotLogEntries logEntries, ReplacementProperties properties, KeyedHashes hashes) {
        this.jdbc = jdbc;
        this.logEntries = logEntries;
        this.properties = properties;
        this.hashes = hashes;
    }

    /**
     * Adds the address to the member's waiting request for the ballot, or counts it again there, in the caller's
     * transaction. Answers whether the address is waiting: false when it was not kept.
     */
    boolean keep(Ballot ballot, String number, String email, Instant now) {
        Optional<Long> full = jdbc.sql("""
                        select r.id from ballots.replacement_request r
                        where r.ballot_id = :ballot and r.membership_number = :member and r.state = 'WAITING'
                          and not exists (select 1 from ballots.replacement_request_address a
                                          where a.request_id = r.id and a.email = :email)
                          and (select count(*) from ballots.replacement_request_address a
                               where a.request_id = r.id and a.times > 0 and a.first_asked_at > :since) >= :most
                        """)
                .param("email", email)
                .param("since", Timestamp.from(now.minus(properties.window())))
                .param("most", properties.addressesPerMember())
                .param("ballot", ballot.id())
                .param("member", number)
                .query(Long.class)
                .optional();
        if (full.isPresent()) {
            // Known again by a keyed hash, as the address itself is kept only in the ballot's log, so that asking for
            // it again adds neither to the count nor to the log.
            int first = jdbc.sql("""
                            insert into ballots.replacement_request_not_kept (request_id, email_hash)
                            values (:request, :hash)
                            on conflict do nothing
                            """)
                    .param("request", full.get())
                    .param("hash", hashes.of(NOT_KEPT_PURPOSE, full.get() + "\n" + email))
                    .update();
            if (first == 0) {
                return false;
            }
            jdbc.sql("""
                            update ballots.replacement_request set addresses_not_kept = addresses_not_kept + 1
                            where id = :request
                            """).param("request", full.get()).update();
            logEntries.add(
                    ballot.id(),
                    ReplacementLinks.SELF,
                    "REPLACEMENT_NOT_KEPT",
                    number + " asked for a new link to " + email + ", not kept for the check: the waiting request had"
                            + " gained " + properties.addressesPerMember() + " addresses within "
                            + DurationWords.inWords(properties.window())
                            + "; the scrutineer is told one was not kept",
                    now);
            return false;
        }
        long request = jdbc.sql("""
                        insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                            received_at, state)
                        values (:ballot, :member, :email, :now, 'WAITING')
                        on conflict (ballot_id, membership_number) where state = 'WAITING'
                        do update set state = excluded.state
                        returning id
                        """)
                .param("ballot", ballot.id())
                .param("member", number)
                .param("email", email)
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        jdbc.sql("""
                        insert into ballots.replacement_request_address (request_id, email, first_asked_at,
                            last_asked_at, times)
                        values (:request, :email, :now, :now, 1)
                        on conflict (request_id, email)
                        do update set last_asked_at = excluded.last_asked_at,
                            times = ballots.replacement_request_address.times + 1,
                            first_asked_at = case when ballots.replacement_request_address.times = 0
                                then excluded.first_asked_at else ballots.replacement_request_address.first_asked_at end
                        """)
                .param("request", request)
                .param("email", email)
                .param("now", Timestamp.from(now))
                .update();
        return true;
    }
}
