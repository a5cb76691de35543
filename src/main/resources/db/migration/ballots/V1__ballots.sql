create table ballot (
    id              bigint generated always as identity primary key,
    title           text        not null,
    question        text        not null,
    options         text[]      not null,
    rule_set        text        not null,
    opens_at        timestamptz not null,
    closes_at       timestamptz not null,
    roll_cutoff     timestamptz not null,
    scrutineer_name text        not null,
    sender_address  text        not null,
    status          text        not null check (status in ('DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'PUBLISHED')),
    created_by      text        not null,
    created_at      timestamptz not null,
    opened_at       timestamptz,
    roll_frozen_at  timestamptz,
    closed_at       timestamptz,
    published_at    timestamptz,
    log_hash        text,
    check (opens_at < closes_at),
    check (roll_cutoff >= opens_at and roll_cutoff <= closes_at)
);

-- Who may vote, with the evidence of their eligibility. What is kept about a member's vote is only that they
-- have voted.
create table roll_entry (
    ballot_id         bigint      not null references ballot (id),
    membership_number text        not null,
    added_at          timestamptz not null,
    added_by          text        not null,
    evidence          text        not null,
    has_voted         boolean     not null default false,
    primary key (ballot_id, membership_number)
);

-- A voting link; only the SHA-256 of its token is kept. The token is made when the link is emailed, so the
-- hash is empty until then.
create table credential (
    id                bigint generated always as identity primary key,
    token_hash        bytea unique,
    ballot_id         bigint      not null references ballot (id),
    membership_number text        not null,
    issued_at         timestamptz not null,
    state             text        not null check (state in ('ACTIVE', 'REPLACED', 'USED')),
    ended_at          timestamptz,
    foreign key (ballot_id, membership_number) references roll_entry (ballot_id, membership_number)
);

create unique index credential_one_live on credential (ballot_id, membership_number) where state in ('ACTIVE', 'USED');

-- A vote: no member reference and no time finer than the day.
create table ballot_paper (
    paper_id     uuid primary key,
    ballot_id    bigint not null references ballot (id),
    choice       integer not null,
    cast_on      date    not null,
    receipt_hash bytea   not null unique
);

create index ballot_paper_ballot on ballot_paper (ballot_id);

-- The scrutineer's record of every act on a ballot: who, when, what and why.
create table ballot_log (
    id        bigint generated always as identity primary key,
    ballot_id bigint      not null references ballot (id),
    at        timestamptz not null,
    actor     text        not null,
    action    text        not null,
    detail    text        not null
);
