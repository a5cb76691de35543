-- Members sent a link are counted by their live links rather than by the distinct members of all their links: every
-- member given a link keeps exactly one live link (a replacement ends the old link and issues its successor in one
-- transaction, and credential_one_live allows no second), so the figure is the same. Counting distinct members
-- sorted every link a ballot ever had: 200-290 ms over 200,000 links read cold, and over a second in the ballot
-- benchmark's results step just after a close. Counting live links is an index-only scan of credential_one_live.
create or replace view voter_count as
select b.id as ballot_id,
       coalesce(k.eligible, 0) + (select count(*) from roll_entry r where r.ballot_id = b.id) as eligible,
       coalesce(k.voted, 0)
           + (select count(*) from roll_entry r where r.ballot_id = b.id and r.has_voted) as voted,
       coalesce(k.issued, 0)
           + (select count(*) from credential c where c.ballot_id = b.id and c.ended_at is null) as issued,
       coalesce(k.links, 0) + (select count(*) from credential c where c.ballot_id = b.id) as links,
       coalesce(k.replacements_by_scrutineer, 0)
           + (select count(*) from replacement_request q where q.ballot_id = b.id and q.state = 'ISSUED')
           as replacements_by_scrutineer,
       coalesce(k.requests_declined, 0)
           + (select count(*) from replacement_request q where q.ballot_id = b.id and q.state = 'DECLINED')
           as requests_declined,
       k.undelivered as kept_undelivered
from ballot b
left join kept_count k on k.ballot_id = b.id;
