-- Members the rules find eligible only by a role they declared themselves (joining online, or adding it to their own
-- details) and that no membership import has given since: they wait here for the scrutineer's check rather than go
-- on the roll with a link. Confirmed, they go on the roll and are sent their link then; refused, never. When the
-- ballot's voter records are deleted at the end of the retention period, who each row was about goes with them and
-- the rows stay, so the report's counts of them read the same afterwards.
create table roll_check (
    id                bigint generated always as identity primary key,
    ballot_id         bigint      not null references ballot (id),
    membership_number text,
    role              text,
    practice_ods      text,
    evidence          text,
    declared_at       timestamptz,
    waiting_since     timestamptz not null,
    state             text        not null check (state in ('WAITING', 'CONFIRMED', 'REFUSED')),
    decided_at        timestamptz,
    decided_by        text,
    reason            text,
    unique (ballot_id, membership_number)
);

create index roll_check_waiting on roll_check (ballot_id) where state = 'WAITING';
