create table member (
    membership_number text primary key,
    gmc_number        text        not null unique,
    given_name        text        not null,
    family_name       text        not null,
    email             text        not null,
    status            text        not null check (status in ('ACTIVE', 'TRIAL', 'LAPSED', 'RESIGNED')),
    status_since      date        not null,
    joined_on         date        not null,
    updated_at        timestamptz not null
);

create unique index member_email_unique on member (lower(email));

-- A member's roles at practices over time; a locum may have no practice. Dates are UK calendar days, inclusive.
create table member_role (
    membership_number text    not null references member (membership_number) on delete cascade,
    position          integer not null,
    role              text    not null check (role in ('CONTRACTOR_PARTNER', 'SALARIED', 'LOCUM', 'REGISTRAR', 'OTHER')),
    practice_ods      text,
    role_from         date    not null,
    role_to           date,
    primary key (membership_number, position),
    check (role_to is null or role_to >= role_from)
);

create index member_role_practice on member_role (practice_ods);

-- Each status the membership system has reported, from the day it began, so that standing on a past day is known.
create table member_status (
    membership_number text not null references member (membership_number) on delete cascade,
    since             date not null,
    status            text not null check (status in ('ACTIVE', 'TRIAL', 'LAPSED', 'RESIGNED')),
    primary key (membership_number, since)
);

-- What was known about each member and from when: every change adds a version of the whole record.
create table member_version (
    id                bigint generated always as identity primary key,
    membership_number text        not null,
    recorded_at       timestamptz not null,
    recorded_by       text        not null,
    snapshot          jsonb       not null
);

create index member_version_lookup on member_version (membership_number, recorded_at);

-- Every view and change of a member record: membership is special category data.
create table audit_log (
    id                bigint generated always as identity primary key,
    at                timestamptz not null,
    actor             text        not null,
    action            text        not null,
    membership_number text,
    detail            text        not null
);

create index audit_log_member on audit_log (membership_number, at);
create index audit_log_at on audit_log (at);

create table import_run (
    id          bigint generated always as identity primary key,
    file_name   text        not null,
    imported_by text        not null,
    imported_at timestamptz not null,
    rows_read   integer     not null,
    created     integer     not null,
    updated     integer     not null,
    unchanged   integer     not null
);

-- Someone who asked to join and has not yet confirmed their email address.
create table joining_request (
    token_hash        bytea primary key,
    details           jsonb       not null,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    confirmed_at      timestamptz,
    membership_number text
);

-- Single-use sign-in links for members updating their own details.
create table details_link (
    token_hash        bytea primary key,
    membership_number text        not null references member (membership_number) on delete cascade,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    used_at           timestamptz
);

create sequence membership_number_seq start with 9000001;
