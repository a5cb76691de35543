-- Requests older than the period kept (gpaction.capacity.keep-requests-for) are added into these counts and deleted,
-- in one transaction (RequestRetention). The evidence reads the counts together with the requests still kept, so the
-- figures for an old day do not change. Nothing here is about one request: no time to the minute, clinician, contact
-- number or who recorded it.

-- One row per practice per day it recorded requests, undone ones included (the weekly sitrep counts a practice that
-- recorded any), with the time of the first request it turned away for being full, which "full before 10" and the
-- minutes the online front door was closed are counted from.
create table request_day (
    ods_code      text not null,
    day           date not null,
    first_full_at timestamptz,
    primary key (ods_code, day)
);

-- Requests not undone, counted by everything the evidence pages, packs and exports break them down by: the hour
-- (UK time) received, channel, kind, outcome, reason for a diversion and the first place the patient was sent.
create table request_count (
    ods_code       text     not null,
    day            date     not null,
    hour           smallint not null check (hour between 0 and 23),
    channel        text     not null,
    kind           text     not null,
    outcome        text     not null,
    reason         text,
    first_signpost text,
    requests       integer  not null check (requests > 0),
    constraint request_count_key
        unique nulls not distinct (ods_code, day, hour, channel, kind, outcome, reason, first_signpost)
);

create index request_count_national on request_count (day);
