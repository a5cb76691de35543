-- V20 logged a pause V18 lifted at its own start as replaced by the first of the same person's pauses holding all its
-- time, any of them: one that person had lifted before it began was taken too, and as it began earlier, named in the
-- entry, though it was no longer in force. The pause V18 kept was in force when the one it lifted began (not lifted,
-- or lifted later). Each entry V20 wrote naming another pause's end is corrected to name that one's; an entry it
-- wrote right, and every other entry, stays as it is. Two entries cannot be told right from the database and stay as
-- V20 wrote them: where the pause in force then was begun by someone other than whoever V18 recorded as lifting the
-- one it cut (V20 looked only at that person's pauses), and where a pause holding its time was lifted after it began
-- but before V18 ran (the database keeps when a pause was lifted, not whether V18 kept it).
create function pg_temp.uk_time(instant timestamptz) returns text language sql stable as $$
    -- As UkTime.format, and as V20 wrote it.
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

create function pg_temp.repaired(ending timestamptz, until timestamptz) returns text language sql stable as $$
    select 'Online front door pause until ' || pg_temp.uk_time(ending) || ' replaced by a new pause until '
           || pg_temp.uk_time(until) || ' (the two were in force at once; logged on upgrading GP Action)'
$$;

-- The pauses V20 logged as lifted at their own start, found as V20 found them: with no entry of the application's
-- (V20's own entries now beside them are not the application's).
with cut as (
    select cut.* from suspension cut
    where cut.lifted_at = cut.starts_at
      and not exists (
          select 1 from setup_log logged
          where logged.ods_code = cut.ods_code and logged.by = cut.lifted_by
            and logged.at between cut.lifted_at and cut.lifted_at + interval '1 minute'
            and logged.what not like '% (the two were in force at once; logged on upgrading GP Action)'
            and (logged.what like 'Online front door pause until ' || pg_temp.uk_time(cut.ends_at) || ' replaced by %'
                 or logged.what = 'Online front door pause lifted'))
), holding as (
    select cut.id as cut_id, kept.id, kept.starts_at, kept.ends_at,
           kept.lifted_at is null or kept.lifted_at > cut.starts_at as in_force
    from cut
    join suspension kept
      on kept.ods_code = cut.ods_code and kept.id <> cut.id and kept.suspended_by = cut.lifted_by
     and kept.starts_at <= cut.starts_at and kept.ends_at >= cut.ends_at
     and (kept.starts_at < cut.starts_at or kept.ends_at > cut.ends_at or kept.id > cut.id)
), named as (
    select distinct on (cut_id) cut_id, ends_at from holding order by cut_id, starts_at, id
), kept as (
    select distinct on (cut_id) cut_id, ends_at from holding where in_force order by cut_id, starts_at, id
), wrong as (
    select cut.ods_code, cut.lifted_at as at, cut.lifted_by as by,
           pg_temp.repaired(cut.ends_at, named.ends_at) as what, pg_temp.repaired(cut.ends_at, kept.ends_at) as right,
           row_number() over (
               partition by cut.ods_code, cut.lifted_at, cut.lifted_by, pg_temp.repaired(cut.ends_at, named.ends_at)
               order by cut.id) as nth
    from cut
    join named on named.cut_id = cut.id
    join kept on kept.cut_id = cut.id
    where kept.ends_at <> named.ends_at
), written as (
    -- Entries alike in every word are told apart by their order only: any one of them may be the one corrected.
    select id, ods_code, at, by, what, row_number() over (partition by ods_code, at, by, what order by id) as nth
    from setup_log
    where what like '% (the two were in force at once; logged on upgrading GP Action)'
)
update setup_log set what = wrong.right
from written
join wrong using (ods_code, at, by, what, nth)
where setup_log.id = written.id;

drop function pg_temp.repaired(timestamptz, timestamptz);
drop function pg_temp.uk_time(timestamptz);
