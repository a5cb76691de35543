-- Safe working. Everything here is about the practice and its clinicians' capacity; nothing identifies a patient.

-- A clinician by the label the practice chose for them ("GP 1", "ANP Sarah"); no other personal data.
create table clinician (
    id           bigint generated always as identity primary key,
    ods_code     text        not null,
    label        text        not null check (length(label) between 1 and 60),
    role         text        not null,
    daily_cap    integer     not null check (daily_cap between 0 and 25),
    working_days text[]      not null,
    position     integer     not null,
    retired_at   timestamptz
);

create unique index clinician_label on clinician (ods_code, lower(label)) where retired_at is null;
create index clinician_practice on clinician (ods_code) where retired_at is null;

-- How a practice works: core hours, the urgent reserve, what the front door does when full, where patients go.
create table practice_setup (
    ods_code                text primary key,
    count_admin             boolean     not null,
    urgent_reserve          integer     not null check (urgent_reserve between 0 and 500),
    when_full               text        not null check (when_full in ('CLOSE', 'STAY_OPEN_SIGNPOST')),
    icb_agreed_closure_on   date,
    online_consultation_url text,
    core_hours              jsonb       not null,
    signposts               jsonb       not null,
    when_full_chosen_by     text        not null,
    when_full_chosen_at     timestamptz not null,
    updated_by              text        not null,
    updated_at              timestamptz not null
);

-- One row per practice per day it took a request: every routing decision for the day locks it first, so two
-- decisions for one practice never interleave.
create table practice_day (
    ods_code      text    not null,
    day           date    not null,
    nhs111_booked integer not null default 0 check (nhs111_booked >= 0),
    primary key (ods_code, day)
);

-- A clinician's day: the cap in force that day and the contacts booked so far.
create table clinician_day (
    clinician_id bigint  not null references clinician (id),
    day          date    not null,
    cap          integer not null check (cap >= 0),
    used         integer not null default 0 check (used >= 0),
    -- set when the practice changed this one day's cap, so a later change of the usual cap leaves it alone
    changed_for_day boolean not null default false,
    primary key (clinician_id, day)
);

-- One row per request, whatever its outcome: practice, day, time to the minute, channel, kind, outcome, clinician
-- and the signposting given. No name, NHS number, date of birth, free text or address of a patient.
create table contact_request (
    id             bigint generated always as identity primary key,
    ods_code       text        not null,
    day            date        not null,
    received_at    timestamptz not null,
    channel        text        not null check (channel in ('RECEPTION', 'ONLINE', 'NHS111')),
    kind           text        not null check (kind in ('URGENT', 'ROUTINE', 'ADMIN')),
    outcome        text        not null check (outcome in ('BOOKED', 'DIVERTED', 'WAITLISTED')),
    reason         text check (reason in ('FULL', 'OUTSIDE_CORE_HOURS', 'SUSPENDED', 'NHS111_ALLOWANCE_USED',
                                          'SIGNPOSTED_BY_RECEPTION')),
    clinician_id   bigint references clinician (id),
    contact_number integer,
    waitlisted_for date,
    signposts      text[]      not null default '{}',
    recorded_by    text,
    undone_at      timestamptz,
    check ((outcome = 'DIVERTED') = (reason is not null)),
    check ((outcome = 'WAITLISTED') = (waitlisted_for is not null)),
    check ((clinician_id is null) = (contact_number is null))
);

create index contact_request_day on contact_request (ods_code, day);
create index contact_request_national on contact_request (day);

-- The online front door switched off by the practice for up to four days.
create table suspension (
    id           bigint generated always as identity primary key,
    ods_code     text        not null,
    starts_at    timestamptz not null,
    ends_at      timestamptz not null,
    reason       text        not null check (length(reason) between 1 and 500),
    suspended_by text        not null,
    lifted_at    timestamptz,
    lifted_by    text,
    check (ends_at > starts_at and ends_at <= starts_at + interval '4 days')
);

create index suspension_practice on suspension (ods_code, ends_at);

-- Who changed what in a practice's safe working set-up, and when.
create table setup_log (
    id       bigint generated always as identity primary key,
    ods_code text        not null,
    at       timestamptz not null,
    by       text        not null,
    what     text        not null
);

create index setup_log_practice on setup_log (ods_code, at);

-- England and Wales bank holidays: not working days. Administrators add and remove them.
create table bank_holiday (
    day  date primary key,
    name text not null check (length(name) between 1 and 100)
);

insert into bank_holiday (day, name) values
    ('2024-01-01', 'New Year''s Day'), ('2024-03-29', 'Good Friday'), ('2024-04-01', 'Easter Monday'),
    ('2024-05-06', 'Early May bank holiday'), ('2024-05-27', 'Spring bank holiday'),
    ('2024-08-26', 'Summer bank holiday'), ('2024-12-25', 'Christmas Day'), ('2024-12-26', 'Boxing Day'),
    ('2025-01-01', 'New Year''s Day'), ('2025-04-18', 'Good Friday'), ('2025-04-21', 'Easter Monday'),
    ('2025-05-05', 'Early May bank holiday'), ('2025-05-26', 'Spring bank holiday'),
    ('2025-08-25', 'Summer bank holiday'), ('2025-12-25', 'Christmas Day'), ('2025-12-26', 'Boxing Day'),
    ('2026-01-01', 'New Year''s Day'), ('2026-04-03', 'Good Friday'), ('2026-04-06', 'Easter Monday'),
    ('2026-05-04', 'Early May bank holiday'), ('2026-05-25', 'Spring bank holiday'),
    ('2026-08-31', 'Summer bank holiday'), ('2026-12-25', 'Christmas Day'),
    ('2026-12-28', 'Boxing Day (substitute day)'),
    ('2027-01-01', 'New Year''s Day'), ('2027-03-26', 'Good Friday'), ('2027-03-29', 'Easter Monday'),
    ('2027-05-03', 'Early May bank holiday'), ('2027-05-31', 'Spring bank holiday'),
    ('2027-08-30', 'Summer bank holiday'), ('2027-12-27', 'Christmas Day (substitute day)'),
    ('2027-12-28', 'Boxing Day (substitute day)');

-- The weekly General Practice Alert State: GP Action suggests one from the week's figures, the practice confirms it
-- or chooses another, with a comment about the practice (never about a patient).
create table alert_state (
    ods_code     text        not null,
    week_of      date        not null check (extract(isodow from week_of) = 1),
    suggested    text        not null check (suggested in ('GREEN', 'AMBER', 'RED', 'BLACK')),
    confirmed    text        not null check (confirmed in ('GREEN', 'AMBER', 'RED', 'BLACK')),
    comment      text check (length(comment) <= 1000),
    confirmed_by text        not null,
    confirmed_at timestamptz not null,
    primary key (ods_code, week_of)
);
