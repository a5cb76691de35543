-- V18 ended the pauses of a practice that were in force at once, as the front door read them, but wrote nothing in
-- the practice's set-up log, so its history did not say a pause was cut short, nor by whom. The pauses it ended are
-- found again here: each was marked lifted by whoever paused the pause kept, either where that pause began or, held
-- throughout by it, at its own start; and none has an entry the application writes when a new pause replaces one
-- (written by the same person as the pause was ended: naming when the pause replaced was to end, or, in releases
-- before those words, saying the pause was lifted). Each gets that entry, at the moment it was ended, saying it was
-- written on upgrading.
create function pg_temp.uk_time(instant timestamptz) returns text language sql stable as $$
    -- As UkTime.format: "2 March 2026 at 5:00pm", "midday", "midnight at the start of …", and in the hour the clocks
    -- show twice, BST or GMT after the time.
    select case
        when to_char(uk, 'HH24:MI') = '00:00' then 'midnight at the start of ' || to_char(uk, 'FMDD FMMonth YYYY')
        else to_char(uk, 'FMDD FMMonth YYYY') || ' at '
             || case when to_char(uk, 'HH24:MI') = '12:00' then 'midday' else to_char(uk, 'FMHH12:MIam') end
             || case
                    when (instant + interval '1 hour') at time zone 'Europe/London' = uk
                      or (instant - interval '1 hour') at time zone 'Europe/London' = uk
                    then case when uk - (instant at time zone 'UTC') = interval '1 hour' then ' BST' else ' GMT' end
                    else ''
                end
    end
    from (select instant at time zone 'Europe/London' as uk) l
$$;

-- Each is paired as V18 paired it: one ended where the next began with the pause kept that began then (V18 kept one
-- of the pauses beginning at any moment, and lifted the others at their start); one lifted at its own start with the
-- first, by start and then as added, of the pauses holding all its time (of two the same, one added later).
with ended as (
    select distinct on (cut.id) cut.id, cut.ods_code, cut.lifted_at, cut.lifted_by, cut.ends_at, kept.ends_at as kept_ends_at
    from suspension cut
    join suspension kept
      on kept.ods_code = cut.ods_code and kept.id <> cut.id and kept.suspended_by = cut.lifted_by
     and ((cut.lifted_at > cut.starts_at and kept.starts_at = cut.lifted_at and kept.starts_at < cut.ends_at
           and kept.lifted_at is distinct from kept.starts_at)
          or (cut.lifted_at = cut.starts_at and kept.starts_at <= cut.starts_at and kept.ends_at >= cut.ends_at
              and (kept.starts_at < cut.starts_at or kept.ends_at > cut.ends_at or kept.id > cut.id)))
    where cut.lifted_at is not null
      and not exists (
          -- The application's own entry: "… replaced by …", or as releases before those words logged a pause
          -- replaced, "Online front door pause lifted" (exactly: the new pause's own entry begins "Online front door
          -- paused until").
          select 1 from setup_log logged
          where logged.ods_code = cut.ods_code and logged.by = cut.lifted_by
            and logged.at between cut.lifted_at and cut.lifted_at + interval '1 minute'
            and (logged.what like 'Online front door pause until ' || pg_temp.uk_time(cut.ends_at) || ' replaced by %'
                 or logged.what = 'Online front door pause lifted'))
    order by cut.id, kept.starts_at, kept.id
)
insert into setup_log (ods_code, at, by, what)
select ods_code, lifted_at, lifted_by,
       'Online front door pause until ' || pg_temp.uk_time(ends_at) || ' replaced by a new pause until '
           || pg_temp.uk_time(kept_ends_at) || ' (the two were in force at once; logged on upgrading GP Action)'
from ended
order by ods_code, lifted_at, id;

drop function pg_temp.uk_time(timestamptz);
