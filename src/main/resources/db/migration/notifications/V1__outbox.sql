create table outbox (
    id            bigint generated always as identity primary key,
    recipient     text        not null,
    subject       text        not null,
    body          text        not null,
    category      text        not null,
    status        text        not null default 'PENDING' check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts      integer     not null default 0,
    next_attempt  timestamptz not null,
    created_at    timestamptz not null,
    sent_at       timestamptz,
    last_error    text
);

create index outbox_due on outbox (next_attempt) where status = 'PENDING';
