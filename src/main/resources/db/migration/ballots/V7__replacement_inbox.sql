-- Requests for a replacement link as they arrive, before anyone has looked at whom they name. The request only
-- adds a row here, the same work whoever it names; a background job takes each row (SKIP LOCKED, so instances
-- share the work) and acts on it, deleting it in the same transaction.
create table replacement_inbox (
    id                bigint generated always as identity primary key,
    membership_number text        not null,
    gmc_number        text        not null,
    email             text        not null,
    received_at       timestamptz not null
);
