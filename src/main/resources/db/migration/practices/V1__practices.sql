-- Every GP practice in the ODS file (prescribing setting 4), whatever its status, so that history resolves.
create table practice (
    ods_code          text primary key,
    name              text        not null,
    national_grouping text        not null,
    icb_code          text        not null,
    address_lines     text[]      not null,
    postcode          text        not null,
    opened_on         date,
    closed_on         date,
    status            text        not null check (status in ('ACTIVE', 'CLOSED', 'DORMANT', 'PROPOSED')),
    sub_icb_code      text        not null,
    phone             text,
    nation            text        not null check (nation in ('ENGLAND', 'WALES', 'SCOTLAND', 'NORTHERN_IRELAND', 'UNKNOWN')),
    contract_type     text check (contract_type in ('GMS', 'PMS', 'APMS')),
    list_size         integer check (list_size >= 0),
    list_size_on      date,
    updated_at        timestamptz not null
);

create index practice_icb on practice (icb_code);
create index practice_sub_icb on practice (sub_icb_code);
create index practice_postcode on practice (replace(postcode, ' ', ''));
create index practice_name on practice (lower(name));

-- A Local Medical Committee and the sub-ICB locations or ICBs its area covers.
create table lmc (
    id   bigint generated always as identity primary key,
    name text not null unique
);

create table lmc_area (
    area_code text primary key,
    lmc_id    bigint not null references lmc (id) on delete cascade
);

create table import_run (
    id          bigint generated always as identity primary key,
    format      text        not null,
    file_name   text        not null,
    imported_by text        not null,
    imported_at timestamptz not null,
    rows_read   integer     not null,
    created     integer     not null,
    updated     integer     not null,
    unchanged   integer     not null
);
