-- Failed attempts at anything secret (passwords, tokens, links), kept briefly to slow guessing.
create table failed_attempt (
    id      bigint generated always as identity primary key,
    kind    text        not null,
    subject text        not null,
    at      timestamptz not null
);

create index failed_attempt_lookup on failed_attempt (kind, subject, at);
