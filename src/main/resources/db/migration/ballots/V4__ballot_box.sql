-- A paper's ballot is the ballot of the credential it was cast with, which has its own foreign key. Checking this
-- one made every vote lock the ballot's row: with many voters at once that row's lock became a shared multixact
-- rewritten by each vote, and the clock skipped closing a ballot while any vote held it. Votes now hold the ballot
-- box (an advisory lock) instead, and the close waits for them.
alter table ballot_paper drop constraint ballot_paper_ballot_id_fkey;

-- Voting marks each roll entry once; room left on each page lets that update stay on the page without touching
-- the index (a HOT update), which is most of what it costs.
alter table roll_entry set (fillfactor = 75);

-- Burning a credential changes only its state. The rule of one live credential per voter is now told by ended_at
-- (set when, and only when, a credential is replaced) rather than by the state, so that burning touches no indexed
-- column and can be a HOT update too.
alter table credential add constraint credential_ended_when_replaced check ((state = 'REPLACED') = (ended_at is not null));
drop index credential_one_live;
create unique index credential_one_live on credential (ballot_id, membership_number) where ended_at is null;
alter table credential set (fillfactor = 80);

-- A credential's ballot is its roll entry's ballot, which that foreign key already holds to; checking both made
-- opening a national roll check 400,000 references instead of 200,000.
alter table credential drop constraint credential_ballot_id_fkey;

-- A credential has no token until its email is sent, so at opening every one would add an empty entry to the
-- token index; only tokens that exist are indexed now.
alter table credential drop constraint credential_token_hash_key;
create unique index credential_token on credential (token_hash) where token_hash is not null;

-- Roll entries are only ever written for a ballot the writer holds locked, and ballots are never deleted; checking
-- the reference row by row was a quarter of the time it takes to open a national roll.
alter table roll_entry drop constraint roll_entry_ballot_id_fkey;

-- A vote's last step: it enters the ballot box (shared, until it commits), then checks with a fresh look that the
-- ballot has not closed meanwhile, refusing the whole vote if it has. The close holds the box exclusively while it
-- marks the ballot closed, so a vote either entered before the close and is counted in its hash, or sees it closed.
-- The one definition of a ballot box's lock key: votes, the step-by-step path and the close must all agree on it.
create function ballot_box(ballot_id bigint) returns bigint
    language sql immutable
as $$ select hashtextextended('ballots.box:' || ballot_id, 0) $$;

create function enter_ballot_box(voting_in bigint) returns bigint
    language plpgsql volatile
as $$
begin
    perform pg_advisory_xact_lock_shared(ballots.ballot_box(voting_in));
    if not exists (select 1 from ballots.ballot b where b.id = voting_in and b.status in ('SCHEDULED', 'OPEN')) then
        raise exception 'Ballot % closed while this vote was being recorded', voting_in using errcode = 'GPA01';
    end if;
    return voting_in;
end
$$;
