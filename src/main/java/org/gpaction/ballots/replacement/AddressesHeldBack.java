package org.gpaction.ballots.replacement;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Registered addresses a reminder round sent no link to (someone other than the member set each after their first
 * link went), kept for the scrutineer's check on the member's waiting request, beside any address asked for in their
 * name: where the scrutineer acts on the request. Kept so, an address is counted as held back, not as asked for, and
 * does not use up the few addresses the member's request may gain. One the scrutineer declined for the member since it
 * was set is not kept again: the reminder is still held back, but the scrutineer has decided it.
 */
@Component
public class AddressesHeldBack {

    /** A member's registered address a round held back, and when someone other than the member set it. */
    public record Held(String membershipNumber, String email, Instant setAt) {}

    /**
     * What a round's held back addresses came to: how many now wait for the scrutineer, and how many were not kept
     * again, the scrutineer having declined them since they were set.
     */
    public record Kept(int waiting, int declinedBefore) {}

    private final JdbcClient jdbc;

    AddressesHeldBack(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps each member's held back address, in one statement in the caller's transaction, for the members who still
     * have not voted. A round writes it last, just before it commits, as the statement holds the members' waiting
     * requests until then, which the scrutineer deciding one and the member asking again would wait for. The same
     * statement leaves out an address the scrutineer has sent the member a link to or corrected the member's address
     * away from, or declined, since the round read what to trust: a decision made while the round ran is not undone.
     * Before it, the members' waiting requests are locked, in the order of their ids as a scrutineer's decision locks
     * its one request after the ballot's row: a decision still in flight then commits first, and the statement, reading
     * afresh, sees it.
     */
    public Kept keep(long ballotId, List<Held> held, Instant now) {
        if (held.isEmpty()) {
            return new Kept(0, 0);
        }
        String[] numbers = new String[held.size()];
        String[] emails = new String[held.size()];
        String[] setAt = new String[held.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = held.get(i).membershipNumber();
            emails[i] = held.get(i).email().toLowerCase(Locale.ROOT);
            setAt[i] = held.get(i).setAt().toString();
        }
        jdbc.sql("""
                        select id from ballots.replacement_request
                        where ballot_id = :ballot and membership_number = any(cast(:numbers as text[]))
                          and state = 'WAITING'
                        order by id
                        for update
                        """)
                .param("ballot", ballotId)
                .param("numbers", numbers)
                .query(Long.class)
                .list();
        return jdbc.sql("""
                        with given (membership_number, email, set_at) as (
                            select h.membership_number, h.email, h.set_at
                            from unnest(cast(:numbers as text[]), cast(:emails as text[]),
                                        cast(cast(:setAt as text[]) as timestamptz[]))
                                 as h (membership_number, email, set_at)
                            join ballots.roll_entry r
                              on r.ballot_id = :ballot and r.membership_number = h.membership_number
                            where not r.has_voted
                              and not exists (select 1 from (""" + ScrutineerSentAddresses.SENT + """
                                              ) s where s.membership_number = h.membership_number
                                                  and s.email = h.email)
                              and not exists (select 1 from ballots.ballot_address c
                                              where c.ballot_id = :ballot
                                                and c.membership_number = h.membership_number)
                        ), declined as (
                            select g.membership_number from given g
                            where exists (
                                select 1 from ballots.replacement_request d
                                where d.ballot_id = :ballot and d.membership_number = g.membership_number
                                  and d.state = 'DECLINED' and d.decided_at >= g.set_at
                                  and (lower(d.requested_email) = g.email
                                       or exists (select 1 from ballots.replacement_request_address a
                                                  where a.request_id = d.id and a.email = g.email)))
                        ), held (membership_number, email) as (
                            select g.membership_number, g.email from given g
                            where g.membership_number not in (select membership_number from declined)
                        ), request as (
                            insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                                received_at, state)
                            select :ballot, membership_number, email, :now, 'WAITING' from held
                            on conflict (ballot_id, membership_number) where state = 'WAITING'
                            do update set state = excluded.state
                            returning id, membership_number
                        ), written as (
                            insert into ballots.replacement_request_address (request_id, email, first_asked_at,
                                last_asked_at, times, reminders_held_back, last_held_back_at)
                            select q.id, h.email, :now, :now, 0, 1, :now
                            from request q join held h using (membership_number)
                            on conflict (request_id, email)
                            do update set reminders_held_back = ballots.replacement_request_address.reminders_held_back
                                    + 1,
                                last_held_back_at = excluded.last_held_back_at
                            returning request_id
                        )
                        select (select count(*) from written), (select count(*) from declined)
                        """)
                .param("numbers", numbers)
                .param("emails", emails)
                .param("setAt", setAt)
                .param("ballot", ballotId)
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Kept(rs.getInt(1), rs.getInt(2)))
                .single();
    }
}
