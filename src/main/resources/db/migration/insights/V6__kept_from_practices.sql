-- A sub-ICB appointments file leaves the months of areas whose figures were added up from a practice-level file; the
-- history says how many, so the import's page can tell why fewer of its rows are in the figures.
alter table import_run
    add column kept_from_practices integer not null default 0 check (kept_from_practices >= 0);
