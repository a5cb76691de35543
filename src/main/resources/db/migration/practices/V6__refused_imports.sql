-- The import history keeps refused files too: who sent which file when, how many problems and the first of them.
-- A refused file changes nothing else, so its counts stay 0.
alter table import_run
    add column problems integer not null default 0,
    add column first_problem text;
