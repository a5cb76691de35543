-- A refused file is kept in the history as the practice and membership imports keep theirs: who sent which file
-- when, how many problems it had and the first of them. It changed nothing and covered no period.
alter table import_run
    add column problems integer not null default 0 check (problems >= 0),
    add column first_problem text,
    alter column period drop not null;
