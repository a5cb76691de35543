-- The receipts the count spoilt a paper under but still counted, because another paper held the same bytes and the
-- count took those bytes once (the rest spoilt as copies). Finding them hashes every paper of the ballot, and the
-- public receipt check did that on every check of such a receipt, with nothing limiting a receipt that is found. A
-- published result never changes, so they are found once, at publication, and kept here; a published ballot's
-- receipts are found now.
create table counted_among_copies (
    ballot_id bigint not null references ballot (id),
    tracker   bytea  not null,
    primary key (ballot_id, tracker)
);

with spoilt as (
    select b.id as ballot_id, decode(s ->> 'tracker', 'hex') as tracker, count(*) as times
    from ballot b, jsonb_array_elements(cast(b.tally as jsonb) -> 'spoilt') s
    where b.status = 'PUBLISHED' and b.tally is not null and s ->> 'tracker' <> ''
    group by b.id, s ->> 'tracker'),
papers as (
    select p.ballot_id, sha256(p.encrypted) as tracker, count(*) as papers
    from ballot_paper p
    where p.ballot_id in (select ballot_id from spoilt)
      and sha256(p.encrypted) in (select tracker from spoilt)
    group by p.ballot_id, sha256(p.encrypted))
insert into counted_among_copies (ballot_id, tracker)
select s.ballot_id, s.tracker
from spoilt s join papers c on c.ballot_id = s.ballot_id and c.tracker = s.tracker
where c.papers > s.times;
