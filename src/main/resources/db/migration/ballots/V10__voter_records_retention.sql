-- A published ballot's records about its voters (the roll, the links sent, replacement requests, corrected
-- addresses, who was reminded, and the member details in its log) are deleted once their retention period has
-- passed. The papers, the encrypted record, the result and the log's entries themselves are kept. This is when
-- that happened.
alter table ballot add column voters_forgotten_at timestamptz;

-- The figures the result page, the scrutineer's report and the turnout page give, fixed in the transaction that
-- deletes the records they were counted from. Readers add these to what the records give, so a ballot's figures
-- are the same before and after: one of the two is always empty.
create table kept_count (
    ballot_id                  bigint primary key references ballot (id),
    eligible                   bigint not null,
    voted                      bigint not null,
    issued                     bigint not null,
    links                      bigint not null,
    replacements_by_scrutineer bigint not null,
    requests_declined          bigint not null,
    undelivered                bigint not null
);

create table kept_area_turnout (
    ballot_id bigint not null references ballot (id),
    grouping  text   not null check (grouping in ('ICB', 'LMC')),
    area      text,
    eligible  bigint not null,
    voted     bigint not null
);

create unique index kept_area_turnout_one on kept_area_turnout (ballot_id, grouping, coalesce(area, ''));

-- Every reader of these figures goes through these two views, and the deleting job fixes them from the same views,
-- so the counting is written once.
create view voter_count as
select b.id as ballot_id,
       coalesce(k.eligible, 0) + (select count(*) from roll_entry r where r.ballot_id = b.id) as eligible,
       coalesce(k.voted, 0)
           + (select count(*) from roll_entry r where r.ballot_id = b.id and r.has_voted) as voted,
       coalesce(k.issued, 0)
           + (select count(distinct c.membership_number) from credential c where c.ballot_id = b.id) as issued,
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

create view area_turnout as
select ballot_id, 'ICB' as grouping, icb_code as area, count(*) as eligible,
       count(*) filter (where has_voted) as voted
from roll_entry group by ballot_id, icb_code
union all
select ballot_id, 'LMC', lmc, count(*), count(*) filter (where has_voted)
from roll_entry group by ballot_id, lmc
union all
select ballot_id, grouping, area, eligible, voted from kept_area_turnout;
