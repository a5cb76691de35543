-- A form's one-time value, given out as the board or the front door shows it: the same form sent twice (a double
-- click, a resend) records one request, and both are answered with its outcome, kept here as JSON. Nothing about
-- the patient; a value is kept a day.
create table form_once (
    ods_code   text        not null,
    once       uuid        not null,
    claimed_at timestamptz not null,
    answer     text,
    primary key (ods_code, once)
);
create index form_once_claimed_at on form_once (claimed_at);
