-- A closed ballot's roll, its voters and the members sent a link can no longer change (votes, links and additions
-- to the roll are all refused once it closes), so the close writes those three figures down in its own transaction,
-- and every reader takes them from here rather than counting 200,000 roll entries and links again: counted after the
-- close, those rows were read cold from disk, and the results took 1.5-1.7 s in the ballot benchmark.
create table closed_count (
    ballot_id bigint primary key references ballot (id),
    eligible  bigint not null,
    voted     bigint not null,
    issued    bigint not null
);

-- A figure comes from the first of: what was kept when the voter records were deleted (kept_count), what the close
-- wrote (closed_count), or a count of the records, which only an open ballot (or one closed by hand in a test) needs.
-- COALESCE evaluates only what it needs, so a closed ballot's figures are never counted again. The other figures
-- still add what was kept to what the records give, as V10 had it: one of the two is always empty.
create or replace view voter_count as
select b.id as ballot_id,
       coalesce(k.eligible, c.eligible, (select count(*) from roll_entry r where r.ballot_id = b.id)) as eligible,
       coalesce(k.voted, c.voted,
                (select count(*) from roll_entry r where r.ballot_id = b.id and r.has_voted)) as voted,
       coalesce(k.issued, c.issued,
                (select count(*) from credential l where l.ballot_id = b.id and l.ended_at is null)) as issued,
       coalesce(k.links, 0) + (select count(*) from credential l where l.ballot_id = b.id) as links,
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
