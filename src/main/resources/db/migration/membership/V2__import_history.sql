-- The membership import history keeps refused files too, as the practice imports do: how many problems and the
-- first of them. A refused file changes nothing else, so its counts stay 0.
alter table import_run
    add column problems integer not null default 0,
    add column first_problem text;

create index import_run_latest on import_run (imported_at desc, id desc);
