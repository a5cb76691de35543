-- A replacement the scrutineer issued counts as one only if it replaced a link that went. One issued in place of a
-- first link withdrawn unsent (V20) is the member's first link sent, and counting it as a replacement too made the
-- report's replacements on request negative. Per member: at most one fewer than the links that went. Otherwise as V20.
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
           + (select count(*) from replacement_request q where q.ballot_id = b.id and q.state = 'DECLINED')
           as requests_declined,
       k.undelivered as kept_undelivered
from ballot b
left join kept_count k on k.ballot_id = b.id
left join closed_count c on c.ballot_id = b.id;
