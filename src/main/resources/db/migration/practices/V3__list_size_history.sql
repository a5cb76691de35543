-- Each practice's registered patients in every extract of NHS Digital's patients file imported, so that figures
-- per patient can be worked out for any month. practice.list_size stays the size from the latest extract.
create table list_size (
    ods_code     text    not null references practice (ods_code),
    extracted_on date    not null,
    patients     integer not null check (patients >= 0),
    primary key (ods_code, extracted_on) include (patients)
);

create index list_size_by_extract on list_size (extracted_on) include (patients);

-- Totals of every extract over all practices, kept by each import, so that a whole nation's series is read from
-- a few rows (less the few practices in another nation) rather than summed from every practice's row each time.
create table list_size_extract (
    extracted_on date    primary key,
    practices    integer not null check (practices > 0),
    patients     bigint  not null check (patients >= 0)
);

create index practice_outside_england on practice (ods_code) where nation <> 'ENGLAND';

insert into list_size (ods_code, extracted_on, patients)
select ods_code, list_size_on, list_size
from practice
where list_size is not null and list_size_on is not null;

insert into list_size_extract (extracted_on, practices, patients)
select extracted_on, count(*), sum(patients)
from list_size
group by extracted_on;
