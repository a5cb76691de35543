-- Staff set their own passwords: an invitation for a new account, a reset link an administrator sends.
-- A link's token is made when its email is sent; only its SHA-256 is kept, and it works once.
create table password_link (
    id          bigint generated always as identity primary key,
    staff_id    bigint      not null references staff (id) on delete cascade,
    purpose     text        not null check (purpose in ('INVITATION', 'RESET')),
    token_hash  bytea       unique,
    created_at  timestamptz not null,
    created_by  text        not null,
    expires_at  timestamptz not null,
    used_at     timestamptz
);

create index password_link_staff on password_link (staff_id);

-- False from an invitation until the person has chosen a password: until then nobody knows one.
alter table staff add column password_set boolean not null default true;
