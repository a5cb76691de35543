-- A reminder sends a fresh link for the voter's same credential, because the token itself is never stored and so
-- cannot be sent again. The links sent before it keep working: the hash of each is kept here, tied to the
-- credential, and whichever link is used first burns that credential, so the voter still votes once. A credential
-- that is replaced (a new link on request) ends, and with it every link it ever had.
create table earlier_link (
    token_hash    bytea primary key,
    credential_id bigint      not null references credential (id),
    superseded_at timestamptz not null
);
