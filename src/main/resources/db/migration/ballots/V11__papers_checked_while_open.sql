-- The papers of an open ballot whose proofs were checked in the background, so that the count at the close checks
-- only the rest. Keyed by the SHA-256 of the paper's bytes as they were checked: a paper changed afterwards no
-- longer matches and is checked again at the close. The count deletes a ballot's rows in the transaction that
-- stores its totals, so nothing outlasts the count that tells which papers came in during the ballot's last minutes.
create table checked_paper (
    ballot_id bigint not null references ballot (id),
    sha256    bytea  not null check (length(sha256) = 32),
    -- null when every proof holds; otherwise why the paper is spoilt
    problem   text,
    primary key (ballot_id, sha256)
);

-- Papers are found by ballot and tracker (receipts, and the background check walking a ballot's papers in tracker
-- order); one index on both serves every lookup the two single-column ones did, with one index fewer to write per
-- vote.
create unique index ballot_paper_ballot_tracker on ballot_paper (ballot_id, tracker);
alter table ballot_paper drop constraint ballot_paper_tracker_key;
drop index ballot_paper_ballot;
