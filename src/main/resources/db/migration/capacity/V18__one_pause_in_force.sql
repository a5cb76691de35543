-- One pause of a practice's front door at most is in force at any moment: a pause not lifted holds the time from its
-- start to its end, and no other pause of the practice not lifted may share any of it. A pause replaced or lifted
-- early is marked lifted, so it holds nothing; one that ran to its end needs no marking, its time being over before a
-- later pause starts. Suspensions takes an advisory lock so that two managers pausing at once are taken in turn; this
-- holds the rule for every writer, that lock or not. btree_gist lets the practice's code take part in the exclusion
-- (it is a trusted extension: the user that creates the schemas may create it).
create extension if not exists btree_gist with schema capacity;

-- Pauses that overlapped before the lock was taken are repaired as the front door read them (the pause in force ending
-- last), so that the evidence keeps every minute the door was paused. A pause whose whole time another pause not
-- lifted also holds (of two the same, the one added first) is lifted at its own start, by whoever added the other: it
-- holds nothing, and the other holds its time. Of the rest, each later one ends after the one before, so the earlier
-- ends where the next began, lifted by whoever paused again, as a replaced pause is now.
with in_force as (
    select * from suspension where lifted_at is null
), held as (
    select distinct on (inside.id) inside.id, inside.starts_at as lifted_at, other.suspended_by as lifted_by
    from in_force inside
    join in_force other
      on other.ods_code = inside.ods_code and other.id <> inside.id
     and other.starts_at <= inside.starts_at and other.ends_at >= inside.ends_at
     and (other.starts_at < inside.starts_at or other.ends_at > inside.ends_at or other.id > inside.id)
    order by inside.id, other.starts_at, other.id
), kept as (
    select * from in_force where id not in (select id from held)
), replaced as (
    select distinct on (earlier.id) earlier.id, later.starts_at as lifted_at, later.suspended_by as lifted_by
    from kept earlier
    join kept later
      on later.ods_code = earlier.ods_code
     and (later.starts_at, later.id) > (earlier.starts_at, earlier.id) and later.starts_at < earlier.ends_at
    order by earlier.id, later.starts_at, later.id
)
update suspension set lifted_at = repair.lifted_at, lifted_by = repair.lifted_by
from (select * from held union all select * from replaced) repair
where suspension.id = repair.id;

alter table suspension add constraint suspension_one_in_force
    exclude using gist (ods_code with =, tstzrange(starts_at, ends_at) with &&) where (lifted_at is null);
