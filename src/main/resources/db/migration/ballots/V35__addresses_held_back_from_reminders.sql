-- A reminder carries a working link, so a round sends none to a registered address someone other than the member set
-- after their first link went: it keeps the address on the member's waiting request for the scrutineer's check, as
-- the member's own request for a link there would. Such an address was never asked for, so the row counts the rounds
-- that held it back apart from the times it was asked for (none, until someone asks for it).
alter table replacement_request_address
    add column reminders_held_back integer not null default 0 check (reminders_held_back >= 0),
    add column last_held_back_at timestamptz,
    drop constraint replacement_request_address_times_check,
    add constraint replacement_request_address_times_check check (times >= 0),
    add constraint replacement_request_address_asked_or_held_back check (times > 0 or reminders_held_back > 0);

-- A waiting request that holds only addresses reminder rounds held back was asked for by nobody: the scrutineer
-- declining it declines no request, so the report's requests declined leaves it out. Otherwise as V21.
create or replace view voter_count as
select b.id as ballot_id,
       coalesce(k.eligible, c.eligible, (select count(*) from roll_entry r where r.ballot_id = b.id)) as eligible,
       coalesce(k.voted, c.voted,
                (select count(*) from roll_entry r where r.ballot_id = b.id and r.has_voted)) as voted,
       coalesce(k.issued, c.issued,
                (select count(*) from credential l where l.ballot_id = b.id and l.ended_at is null)) as issued,
       coalesce(k.links, 0)
           + (select count(*) from credential l
              where l.ballot_id = b.id and (l.token_hash is not null or l.state = 'ACTIVE')) as links,
       coalesce(k.replacements_by_scrutineer, 0)
           + (select coalesce(sum(least(q.issued, greatest(0, (
                         select count(*) from credential l
                         where l.ballot_id = b.id and l.membership_number = q.membership_number
                           and (l.token_hash is not null or l.state = 'ACTIVE')) - 1))), 0)::bigint
              from (select r.membership_number, count(*) as issued from replacement_request r
                    where r.ballot_id = b.id and r.state = 'ISSUED' group by r.membership_number) q)
           as replacements_by_scrutineer,
       coalesce(k.requests_declined, 0)
           + (select count(*) from replacement_request q
              where q.ballot_id = b.id and q.state = 'DECLINED'
                and not (exists (select 1 from replacement_request_address a where a.request_id = q.id)
                         and not exists (select 1 from replacement_request_address a
                                         where a.request_id = q.id and a.times > 0)))
           as requests_declined,
       k.undelivered as kept_undelivered
from ballot b
left join kept_count k on k.ballot_id = b.id
left join closed_count c on c.ballot_id = b.id;
