-- A link counts as sent only if its email went, or may still go. The outbox withdraws an email whose credential was
-- replaced or used before it went; such a credential never had a link made, so its hash is still empty. Counting every
-- credential counted those too, as links sent. Otherwise as V13.
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
           + (select count(*) from replacement_request q where q.ballot_id = b.id and q.state = 'ISSUED')
           as replacements_by_scrutineer,
       coalesce(k.requests_declined, 0)
           + (select count(*) from replacement_request q where q.ballot_id = b.id and q.state = 'DECLINED')
           as requests_declined,
       k.undelivered as kept_undelivered
from ballot b
left join kept_count k on k.ballot_id = b.id
left join closed_count c on c.ballot_id = b.id;
