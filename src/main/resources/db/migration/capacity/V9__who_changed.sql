-- Who took back a request, beside when: reception's corrections are staff's work, like the request's recorded_by.
alter table contact_request add column undone_by text;

-- Who added or removed a bank holiday, and when. A holiday is national, not one practice's, so it has a log of its
-- own rather than a line in each practice's set-up log.
create table bank_holiday_log (
    id   bigint generated always as identity primary key,
    at   timestamptz not null,
    by   text        not null,
    what text        not null
);
