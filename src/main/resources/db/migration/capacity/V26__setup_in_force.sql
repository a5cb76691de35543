-- What a practice's online front door did when full, and its core hours, from each save that changed either: the
-- minutes the front door was closed in core hours on a day are counted with the set-up in force at each moment of it,
-- so a practice that stays open when full from today, or opens later, does not rewrite the closed minutes of a day it
-- closed when full, in evidence packs and CSVs already sent. Who made each change, and when, is in setup_log.
create table setup_in_force (
    ods_code      text        not null,
    in_force_from timestamptz not null,
    when_full     text        not null check (when_full in ('CLOSE', 'STAY_OPEN_SIGNPOST')),
    core_hours    jsonb       not null,
    primary key (ods_code, in_force_from)
);

-- Nothing before this kept what was in force when: a practice's set-up as it is now is counted as in force from its
-- last save, and, as the first kept, for every day before it too, as the closed minutes were counted until now.
insert into setup_in_force (ods_code, in_force_from, when_full, core_hours)
select ods_code, updated_at, when_full, core_hours from practice_setup;
