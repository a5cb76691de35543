-- Roadshows and webinars, hosted by an LMC or for a region. Times are instants; pages show them in UK time.
create table event (
    id           bigserial primary key,
    title        text        not null,
    kind         text        not null check (kind in ('ROADSHOW', 'WEBINAR')),
    lmc          text,
    region       text,
    venue        text,
    address      text,
    -- Given to confirmed registrants only, in the reminder the day before.
    joining_link text,
    starts_at    timestamptz not null,
    ends_at      timestamptz not null,
    capacity     integer     not null check (capacity between 1 and 100000),
    description  text        not null,
    ballot_id    bigint,
    campaign     text,
    status       text        not null default 'SCHEDULED' check (status in ('SCHEDULED', 'CANCELLED')),
    remind_at    timestamptz not null,
    created_by   text        not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    check (ends_at > starts_at),
    check (lmc is not null or region is not null),
    check (kind <> 'WEBINAR' or joining_link is not null),
    check (kind <> 'ROADSHOW' or (venue is not null and address is not null))
);

create index event_upcoming on event (starts_at) where status = 'SCHEDULED';
create index event_ballot on event (ballot_id) where ballot_id is not null;

-- Practice staff who asked for a place: no patient data, only who they are at work. A registration holds a place
-- (CONFIRMED) or a turn on the waiting list (WAITING, in order of placed_at) only once its email is confirmed.
create table registration (
    id            bigserial primary key,
    event_id      bigint      not null references event (id) on delete cascade,
    name          text        not null,
    email         text        not null,
    role          text        not null,
    practice      text,
    status        text        not null check (status in ('PENDING', 'CONFIRMED', 'WAITING', 'CANCELLED')),
    -- The SHA-256 of the latest confirmation link; the link itself is never stored.
    confirm_hash  bytea unique,
    requested_at  timestamptz not null,
    placed_at     timestamptz,
    cancelled_at  timestamptz,
    reminded_at   timestamptz,
    attended      boolean,
    check ((status in ('CONFIRMED', 'WAITING')) = (placed_at is not null) or status = 'CANCELLED')
);

-- One live registration per address and event, so registering twice changes nothing.
create unique index registration_one_per_email on registration (event_id, email) where status <> 'CANCELLED';
create index registration_waiting on registration (event_id, placed_at, id) where status = 'WAITING';
create index registration_to_remind on registration (event_id) where status = 'CONFIRMED' and reminded_at is null;

-- Every email to a registrant carries a cancel link of its own; any of them works until the registration ends.
create table cancel_link (
    token_hash      bytea primary key,
    registration_id bigint      not null references registration (id) on delete cascade,
    created_at      timestamptz not null
);

create index cancel_link_registration on cancel_link (registration_id);
