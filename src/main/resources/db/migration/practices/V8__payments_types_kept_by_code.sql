-- Each practice's contract type in the latest NHS Payments year imported that names it, kept by ODS code whether or
-- not the practice is in the directory yet: a practice the directory imports after the payments file takes its type
-- from here, so that importing the payments file first loses nothing.
create table payments_contract_type (
    ods_code       text primary key,
    contract_type  text not null check (contract_type in ('GMS', 'PMS', 'APMS')),
    payments_year  text not null check (payments_year ~ '^[0-9]{4}-[0-9]{2}$')
);

insert into payments_contract_type (ods_code, contract_type, payments_year)
select ods_code, payments_contract_type, payments_year
from practice
where payments_contract_type is not null and payments_year is not null;
