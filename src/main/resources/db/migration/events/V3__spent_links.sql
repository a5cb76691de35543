-- The hashes of confirmation and cancel links used up or replaced, kept a while so that someone reopening their own
-- old link is answered that it cannot be used and is not counted as guessing links. Only the hash: it names nobody.
create table spent_link (
    token_hash bytea       primary key,
    forget_at  timestamptz not null
);

create index spent_link_forget_at on spent_link (forget_at);
