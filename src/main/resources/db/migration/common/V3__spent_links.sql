-- The hashes of single-use links used up, replaced or deleted, kept a while under the kind of try each would otherwise
-- count as, so that someone reopening their own old link is answered that it cannot be used and is not counted as
-- guessing links. Only the hash: it names nobody. One table for every module, in place of one each.
create table spent_link (
    kind       text        not null,
    token_hash bytea       not null,
    forget_at  timestamptz not null,
    primary key (kind, token_hash)
);

create index spent_link_forget_at on spent_link (forget_at);
