-- One pause of a practice's front door at most is in force at any moment: a pause not lifted holds the time from its
-- start to its end, and no other pause of the practice not lifted may share any of it. A pause replaced or lifted
-- early is marked lifted, so it holds nothing; one that ran to its end needs no marking, its time being over before a
-- later pause starts. Suspensions takes an advisory lock so that two managers pausing at once are taken in turn; this
-- holds the rule for every writer, that lock or not. btree_gist lets the practice's code take part in the exclusion
-- (it is a trusted extension: the user that creates the schemas may create it).
create extension if not exists btree_gist with schema capacity;

-- Pauses that overlapped before the lock was taken: the earlier ends where the next began, lifted by whoever paused
-- again, as a replaced pause is now.
with replaced as (
    select distinct on (earlier.id) earlier.id, later.starts_at, later.suspended_by
    from suspension earlier
    join suspension later
      on later.ods_code = earlier.ods_code and later.lifted_at is null
     and (later.starts_at, later.id) > (earlier.starts_at, earlier.id) and later.starts_at < earlier.ends_at
    where earlier.lifted_at is null
    order by earlier.id, later.starts_at, later.id
)
update suspension set lifted_at = replaced.starts_at, lifted_by = replaced.suspended_by
from replaced where suspension.id = replaced.id;

alter table suspension add constraint suspension_one_in_force
    exclude using gist (ods_code with =, tstzrange(starts_at, ends_at) with &&) where (lifted_at is null);
