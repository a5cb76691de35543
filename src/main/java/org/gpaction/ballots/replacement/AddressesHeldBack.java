package org.gpaction.ballots.replacement;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Registered addresses a reminder round sent no link to (someone other than the member set each after their first
 * link went), kept for the scrutineer's check on the member's waiting request, beside any address asked for in their
 * name: where the scrutineer acts on the request. Kept so, an address is counted as held back, not as asked for, and
 * does not use up the few addresses the member's request may gain.
 */
@Component
public class AddressesHeldBack {

    private final JdbcClient jdbc;

    AddressesHeldBack(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps each member's held back address, in one statement in the caller's transaction, for the members who still
     * have not voted. A round writes it last, just before it commits, as the statement holds the members' waiting
     * requests until then, which the scrutineer deciding one and the member asking again would wait for.
     */
    public void keep(long ballotId, Map<String, String> addressesByMember, Instant now) {
        if (addressesByMember.isEmpty()) {
            return;
        }
        String[] numbers = addressesByMember.keySet().toArray(String[]::new);
        String[] emails = new String[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            emails[i] = addressesByMember.get(numbers[i]).toLowerCase(Locale.ROOT);
        }
        jdbc.sql("""
                        with held (membership_number, email) as (
                            select h.membership_number, h.email
                            from unnest(cast(:numbers as text[]), cast(:emails as text[])) as h (membership_number, email)
                            join ballots.roll_entry r
                              on r.ballot_id = :ballot and r.membership_number = h.membership_number
                            where not r.has_voted
                        ), request as (
                            insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                                received_at, state)
                            select :ballot, membership_number, email, :now, 'WAITING' from held
                            on conflict (ballot_id, membership_number) where state = 'WAITING'
                            do update set state = excluded.state
                            returning id, membership_number
                        )
                        insert into ballots.replacement_request_address (request_id, email, first_asked_at,
                            last_asked_at, times, reminders_held_back, last_held_back_at)
                        select q.id, h.email, :now, :now, 0, 1, :now
                        from request q join held h using (membership_number)
                        on conflict (request_id, email)
                        do update set reminders_held_back = ballots.replacement_request_address.reminders_held_back + 1,
                            last_held_back_at = excluded.last_held_back_at
                        """)
                .param("numbers", numbers)
                .param("emails", emails)
                .param("ballot", ballotId)
                .param("now", Timestamp.from(now))
                .update();
    }
}
