-- Which pledge a confirmation link replaced by its email sent again was for (only the link's hash, never the link), so
-- that the page the old link opens says what is true of the pledge now: still waiting for confirming (a later email
-- replaced the link), confirmed already through the later link, or gone (no row: deleted with its pledge). A row is
-- deleted 7 days after the link was replaced, when the link is unknown like any other, even if its pledge is kept.
create table pledge_replaced_link (
    token_hash  bytea primary key,
    pledge_id   bigint      not null references pledge (id) on delete cascade,
    replaced_at timestamptz not null
);

create index pledge_replaced_link_pledge on pledge_replaced_link (pledge_id);

create index pledge_replaced_link_replaced_at on pledge_replaced_link (replaced_at);
