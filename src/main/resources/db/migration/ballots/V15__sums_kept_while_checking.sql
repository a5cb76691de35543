-- The check while a ballot is open also sums, per option, the ciphertexts of the papers whose proofs held, a row per
-- batch it checks, written in the transaction that records those papers in checked_paper. The count at the close then
-- adds these few hundred sums and only matches each checked paper's bytes to its check, rather than decoding and adding
-- every paper again. A sum of ciphertexts is a ciphertext: it reveals nothing the papers it is made from do not.
-- The count deletes a ballot's rows with its checked_paper rows.
create table checked_sum (
    id        bigint generated always as identity primary key,
    ballot_id bigint  not null references ballot (id),
    -- how many papers, distinct by their bytes, the sums hold
    papers    integer not null check (papers > 0),
    -- per option, the summed ciphertext's alpha then beta, 33 bytes each (compressed; all zeros for the identity)
    sums      bytea   not null
);
create index checked_sum_ballot on checked_sum (ballot_id);

-- Papers checked before sums were kept are in none: their checks are forgotten, and made again while the ballot is
-- open (or at the close), this time with their sums.
delete from checked_paper;
