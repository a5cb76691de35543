-- A request for a replacement link that gave an email address other than the registered one. It waits for a
-- scrutineer to check the member's contact details; requests that match the roll are acted on at once and
-- only logged. At most one request per member and ballot waits at a time.
create table replacement_request (
    id                bigint generated always as identity primary key,
    ballot_id         bigint      not null,
    membership_number text        not null,
    requested_email   text        not null,
    received_at       timestamptz not null,
    state             text        not null check (state in ('WAITING', 'ISSUED', 'DECLINED')),
    sent_to           text,
    decided_by        text,
    decided_at        timestamptz,
    reason            text,
    foreign key (ballot_id, membership_number) references roll_entry (ballot_id, membership_number)
);

create unique index replacement_request_one_waiting on replacement_request (ballot_id, membership_number)
    where state = 'WAITING';

-- Where a member's ballot email goes for this ballot once a scrutineer has corrected it: who, when and why.
create table ballot_address (
    ballot_id         bigint      not null,
    membership_number text        not null,
    email             text        not null,
    set_by            text        not null,
    set_at            timestamptz not null,
    reason            text        not null,
    primary key (ballot_id, membership_number),
    foreign key (ballot_id, membership_number) references roll_entry (ballot_id, membership_number)
);

-- A reminder sent to the members of a ballot's roll who had not voted. A scheduled round has a fixed key, so
-- whichever application instance claims it first sends it and the others find it taken.
create table reminder_round (
    id         bigint generated always as identity primary key,
    ballot_id  bigint      not null references ballot (id),
    round_key  text        not null,
    started_by text        not null,
    started_at timestamptz not null,
    sent       integer     not null default 0,
    unique (ballot_id, round_key)
);

create table reminder_sent (
    round_id          bigint not null references reminder_round (id),
    membership_number text   not null,
    primary key (round_id, membership_number)
);
