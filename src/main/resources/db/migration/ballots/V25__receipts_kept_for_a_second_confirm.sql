-- A voter's receipt, kept a few minutes and never past the ballot's close, for a Confirm pressed twice: the browser
-- shows only the second answer, which finds the link used. Sealed with a key made from the link (never stored), the
-- page and the page session, under a slot made the same way, so only that page in that session can read it.
create table kept_receipt (
    slot       bytea       primary key,
    ballot_id  bigint      not null,
    sealed     bytea       not null,
    kept_until timestamptz not null
);

create index kept_receipt_ballot on kept_receipt (ballot_id);

create index kept_receipt_kept_until on kept_receipt (kept_until);
