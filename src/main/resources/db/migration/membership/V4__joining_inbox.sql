-- Requests to join as they arrive, before anyone has looked at whose email address or GMC number they give. The
-- request only adds a row here, the same work whoever it names; a background job takes each row (SKIP LOCKED, so
-- instances share the work), checks it against the roll and sends what it needs, deleting it in the same transaction.
create table joining_inbox (
    id          bigint generated always as identity primary key,
    details     jsonb       not null,
    received_at timestamptz not null
);
