create table staff (
    id            bigint generated always as identity primary key,
    email         text        not null,
    password_hash text        not null,
    role          text        not null check (role in ('ADMIN', 'SCRUTINEER', 'LMC_OFFICER', 'PRACTICE_MANAGER', 'RECEPTIONIST')),
    lmc           text,
    enabled       boolean     not null default true,
    created_at    timestamptz not null,
    created_by    text        not null,
    changed_at    timestamptz not null,
    changed_by    text        not null
);

create unique index staff_email_unique on staff (lower(email));

create table staff_practice (
    staff_id bigint not null references staff (id) on delete cascade,
    ods_code text   not null,
    primary key (staff_id, ods_code)
);

create table api_token (
    id           bigint generated always as identity primary key,
    staff_id     bigint      not null references staff (id) on delete cascade,
    name         text        not null,
    token_hash   bytea       not null unique,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create index api_token_staff on api_token (staff_id);

create table setup_link (
    token_hash bytea primary key,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
