-- A version of the action menu: drafted by an administrator, then published once and never changed again.
create table menu_version (
    version      integer primary key,
    status       text        not null check (status in ('DRAFT', 'PUBLISHED')),
    published_on date,
    created_at   timestamptz not null,
    created_by   text        not null,
    published_at timestamptz,
    published_by text,
    check ((status = 'PUBLISHED') = (published_on is not null))
);

-- At most one draft at a time, so two administrators cannot publish diverging drafts.
create unique index menu_version_one_draft on menu_version (status) where status = 'DRAFT';

create table menu_action (
    version             integer not null references menu_version (version) on delete cascade,
    number              integer not null check (number between 1 and 99),
    title               text    not null,
    what                text    not null,
    why                 text    not null,
    guidance_url        text    not null,
    category            text    not null check (category in ('CAPACITY', 'REFERRALS', 'DATA_SHARING', 'DIGITAL', 'CONTRACTS')),
    may_de_escalate     boolean not null,
    phase               integer not null check (phase in (1, 2)),
    daily_contact_limit integer check (daily_contact_limit > 0),
    primary key (version, number)
);

create table menu_deferral (
    version   integer not null,
    number    integer not null,
    position  integer not null,
    subject   text    not null,
    detail    text    not null,
    review_on date    not null,
    primary key (version, number, position),
    foreign key (version, number) references menu_action (version, number) on delete cascade
);

-- When a practice had an action in force: from from_on until the day before to_on.
create table action_period (
    id            bigint generated always as identity primary key,
    ods_code      text    not null,
    action_number integer not null,
    from_on       date    not null,
    to_on         date,
    ended_how     text check (ended_how in ('STOPPED', 'DE_ESCALATED')),
    check (to_on is null or to_on > from_on),
    check ((to_on is null) = (ended_how is null))
);

create index action_period_practice on action_period (ods_code, action_number);
create unique index action_period_one_open on action_period (ods_code, action_number) where to_on is null;

-- Everything a practice recorded, as it was recorded: the timeline on its page.
create table practice_event (
    id            bigint generated always as identity primary key,
    ods_code      text        not null,
    action_number integer,
    kind          text        not null check (kind in ('STARTED', 'STOPPED', 'DE_ESCALATED', 'NOTE')),
    effective_on  date        not null,
    detail        text,
    recorded_at   timestamptz not null,
    recorded_by   text        not null
);

create index practice_event_practice on practice_event (ods_code, recorded_at);

-- What the practice tells patients on its printed notice. Never anything about a patient.
create table practice_settings (
    ods_code    text primary key,
    urgent_care text        not null,
    message     text        not null,
    updated_at  timestamptz not null,
    updated_by  text        not null
);

-- Who hears about menu changes and deferral reviews for a practice.
create table subscription (
    ods_code      text        not null,
    email         text        not null,
    subscribed_at timestamptz not null,
    primary key (ods_code, email)
);

-- One reminder per practice, deferral and person, however many instances run the job.
create table deferral_reminder (
    ods_code      text        not null,
    action_number integer     not null,
    subject       text        not null,
    review_on     date        not null,
    recipient     text        not null,
    sent_at       timestamptz not null,
    primary key (ods_code, action_number, subject, review_on, recipient)
);

-- Support from partners who are not GPs. Unconfirmed pledges are kept only until their link expires.
create table pledge (
    id                 bigint generated always as identity primary key,
    name               text        not null,
    role               text        not null,
    ods_code           text        not null,
    email              text        not null,
    consent_to_contact boolean     not null,
    token_hash         bytea unique,
    created_at         timestamptz not null,
    expires_at         timestamptz not null,
    confirmed_at       timestamptz
);

create unique index pledge_confirmed_once on pledge (lower(email), ods_code) where confirmed_at is not null;
