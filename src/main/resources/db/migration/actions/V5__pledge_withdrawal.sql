-- Links that let whoever holds an email address withdraw the pledges of support made with it. Only the link's hash
-- is kept, and the row goes once the link is used or has expired.
create table pledge_withdrawal (
    token_hash bytea       primary key,
    email      text        not null,
    expires_at timestamptz not null
);

create index pledge_withdrawal_expires on pledge_withdrawal (expires_at);
create index pledge_confirmed_at on pledge (confirmed_at) where confirmed_at is not null;
