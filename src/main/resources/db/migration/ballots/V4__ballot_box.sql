-- A paper's ballot is the ballot of the credential it was cast with, which has its own foreign key. Checking this
-- one made every vote lock the ballot's row: with many voters at once that row's lock became a shared multixact
-- rewritten by each vote, and the clock skipped closing a ballot while any vote held it. Votes now hold the ballot
-- box (an advisory lock) instead, and the close waits for them.
alter table ballot_paper drop constraint ballot_paper_ballot_id_fkey;
