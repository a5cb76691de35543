-- Contract types from NHS Payments to General Practice: each practice's type in the latest payments year
-- imported. practice.contract_type stays the hand-made correction (the contracts CSV) and wins over the file.
alter table practice
    add column payments_contract_type text check (payments_contract_type in ('GMS', 'PMS', 'APMS')),
    add column payments_year          text check (payments_year ~ '^[0-9]{4}-[0-9]{2}$');

drop view practice_directory;

create view practice_directory as
select p.ods_code, p.name, p.national_grouping, p.icb_code, p.address_lines, p.postcode, p.opened_on,
       p.closed_on, p.status, p.sub_icb_code, p.phone, p.nation,
       coalesce(p.contract_type, p.payments_contract_type) as contract_type,
       case when p.contract_type is not null then 'CONTRACTS_FILE'
            when p.payments_contract_type is not null then 'PAYMENTS ' || p.payments_year
       end as contract_type_source,
       p.list_size, p.list_size_on, p.updated_at,
       coalesce(sub_lmc.name, icb_lmc.name) as lmc
from practice p
left join lmc_area sub_area on sub_area.area_code = p.sub_icb_code
left join lmc sub_lmc on sub_lmc.id = sub_area.lmc_id
left join lmc_area icb_area on icb_area.area_code = p.icb_code
left join lmc icb_lmc on icb_lmc.id = icb_area.lmc_id;
