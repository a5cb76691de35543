-- Rows of an ODS file that are not GP practices (another prescribing setting) are counted, not imported.
alter table import_run add column skipped integer not null default 0;

create index import_run_latest on import_run (imported_at desc, id desc);
create index practice_status on practice (status);
create index lmc_lower_name on lmc (lower(name));

-- A practice with the LMC whose area covers it: a sub-ICB location's LMC wins over a whole ICB's.
create view practice_directory as
select p.*, coalesce(sub_lmc.name, icb_lmc.name) as lmc
from practice p
left join lmc_area sub_area on sub_area.area_code = p.sub_icb_code
left join lmc sub_lmc on sub_lmc.id = sub_area.lmc_id
left join lmc_area icb_area on icb_area.area_code = p.icb_code
left join lmc icb_lmc on icb_lmc.id = icb_area.lmc_id;
