-- The background check of an open ballot's papers records what it found in checked_paper and checked_sum while it
-- holds the ballot's checking lock (an advisory lock). Checking these two tables' references to the ballot locked the
-- ballot's row (FOR KEY SHARE) as the batch was recorded, while the count at the close holds that row (FOR UPDATE, as
-- it claims the ballot) and then waits for the checking lock: a batch being recorded as the count began deadlocked
-- with it, and PostgreSQL ended one of the two, the count (tried again ten minutes later) as often as the batch. Rows
-- are written here only for a ballot that is open, and an open ballot is never deleted (only drafts are), so the
-- references are dropped, as ballot_paper's was (V4), and recording a batch no longer touches the ballot's row.
alter table checked_paper drop constraint checked_paper_ballot_id_fkey;
alter table checked_sum drop constraint checked_sum_ballot_id_fkey;
