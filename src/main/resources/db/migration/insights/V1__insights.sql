-- Every file imported: what it held (its financial year or its months) and what it did.
create table import_run (
    id           bigint generated always as identity primary key,
    format       text        not null check (format in ('PAYMENTS', 'APPOINTMENTS', 'WORKFORCE')),
    file_name    text        not null,
    period       text        not null,
    imported_by  text        not null,
    imported_at  timestamptz not null,
    rows_read    integer     not null check (rows_read >= 0),
    rows_kept    integer     not null check (rows_kept >= 0),
    replaced     integer     not null check (replaced >= 0)
);
create index import_run_latest on import_run (imported_at desc, id desc);

-- NHS Payments to General Practice: one row per practice per financial year ('2022-23'), as the file says.
create table payment (
    year                text    not null check (year ~ '^[0-9]{4}-[0-9]{2}$'),
    ods_code            text    not null,
    practice_name       text    not null,
    sub_icb_code        text,
    contract_type       text check (contract_type in ('GMS', 'PMS', 'APMS')),
    dispensing          boolean,
    rurality            text,
    registered_patients numeric not null check (registered_patients >= 0),
    weighted_patients   numeric not null check (weighted_patients >= 0),
    global_sum          numeric(14, 2) not null,
    mpig                numeric(14, 2) not null,
    pms_balance         numeric(14, 2) not null,
    qof                 numeric(14, 2) not null,
    total_payments      numeric(14, 2) not null,
    primary key (year, ods_code)
);
create index payment_sub_icb on payment (year, sub_icb_code);

-- Figures the swingometer argues from, each with where it comes from; administrators correct them.
create table reference_figure (
    key        text primary key,
    label      text        not null,
    value      numeric     not null,
    unit       text        not null,
    source     text        not null,
    updated_by text        not null,
    updated_at timestamptz not null
);
insert into reference_figure (key, label, value, unit, source, updated_by, updated_at) values
    ('global-sum-2024-25', 'Global sum per weighted patient, 2024/25', 107.57, 'GBP',
     'NHS England, GMS contract 2024/25: global sum payment per weighted patient before the later uplift',
     'shipped', '2026-11-30T00:00:00Z'),
    ('uplift-initial-offer', 'Uplift first offered for 2024/25', 1.9, 'PERCENT',
     'NHS England letter on the 2024/25 GP contract, February 2024', 'shipped', '2026-11-30T00:00:00Z'),
    ('uplift-later-offer', 'Uplift later offered for 2024/25', 6.0, 'PERCENT',
     'Government response to the DDRB report, July 2024 (6% for GP pay, passed on through the global sum)',
     'shipped', '2026-11-30T00:00:00Z');

-- Consumer prices index, annual average (2015 = 100): a financial year is valued at the average of the calendar
-- year it starts in.
create table cpi (
    year       integer primary key check (year between 1990 and 2100),
    index      numeric     not null check (index > 0),
    source     text        not null,
    updated_by text        not null,
    updated_at timestamptz not null
);
insert into cpi (year, index, source, updated_by, updated_at)
select y, i, 'ONS, CPI INDEX 00: ALL ITEMS 2015=100 (series D7BT), annual average', 'shipped',
       '2026-11-30T00:00:00Z'
from (values (2015, 100.0), (2016, 100.7), (2017, 103.4), (2018, 105.9), (2019, 107.8), (2020, 108.7),
             (2021, 111.6), (2022, 121.7), (2023, 130.5), (2024, 133.9)) as v(y, i);

-- Appointments in General Practice, added up per sub-ICB location and month: from the sub-ICB files, or from the
-- practice-level files' rows. A later import of the same month and area replaces it.
create table appointments_area (
    month           date    not null check (extract(day from month) = 1),
    sub_icb_code    text    not null,
    source          text    not null check (source in ('SUB_ICB', 'PRACTICE')),
    appointments    bigint  not null check (appointments >= 0),
    attended        bigint  not null,
    dna             bigint  not null,
    status_unknown  bigint  not null,
    gp              bigint  not null,
    other_staff     bigint  not null,
    hcp_unknown     bigint  not null,
    face_to_face    bigint  not null,
    telephone       bigint  not null,
    home_visit      bigint  not null,
    video_online    bigint  not null,
    mode_unknown    bigint  not null,
    same_day        bigint  not null,
    over_two_weeks  bigint  not null,
    wait_unknown    bigint  not null,
    primary key (month, sub_icb_code)
);

-- The same figures per practice, from the practice-level files.
create table appointments_practice (
    month           date    not null check (extract(day from month) = 1),
    ods_code        text    not null,
    sub_icb_code    text    not null,
    appointments    bigint  not null check (appointments >= 0),
    attended        bigint  not null,
    dna             bigint  not null,
    status_unknown  bigint  not null,
    gp              bigint  not null,
    other_staff     bigint  not null,
    hcp_unknown     bigint  not null,
    face_to_face    bigint  not null,
    telephone       bigint  not null,
    home_visit      bigint  not null,
    video_online    bigint  not null,
    mode_unknown    bigint  not null,
    same_day        bigint  not null,
    over_two_weeks  bigint  not null,
    wait_unknown    bigint  not null,
    primary key (month, ods_code)
);
create index appointments_practice_by_practice on appointments_practice (ods_code, month);

-- GP workforce, practice level: registered patients and full-time equivalents per practice and month.
create table workforce_practice (
    month          date          not null check (extract(day from month) = 1),
    ods_code       text          not null,
    sub_icb_code   text          not null,
    icb_code       text,
    total_patients integer       not null check (total_patients >= 0),
    gp_fte         numeric(9, 2) not null check (gp_fte >= 0),
    qualified_fte  numeric(9, 2) not null check (qualified_fte >= 0),
    nurses_fte     numeric(9, 2),
    dpc_fte        numeric(9, 2),
    admin_fte      numeric(9, 2),
    primary key (month, ods_code)
);
create index workforce_practice_by_practice on workforce_practice (ods_code, month);

-- The same, added up per sub-ICB location and month when a file is imported.
create table workforce_area (
    month          date          not null check (extract(day from month) = 1),
    sub_icb_code   text          not null,
    practices      integer       not null,
    total_patients bigint        not null,
    gp_fte         numeric(11, 2) not null,
    qualified_fte  numeric(11, 2) not null,
    primary key (month, sub_icb_code)
);

-- Names of areas, as the files give them (epraccur has codes only).
create table area_name (
    code       text primary key,
    kind       text not null check (kind in ('ICB', 'SUB_ICB', 'REGION')),
    name       text not null
);

insert into reference_figure (key, label, value, unit, source, updated_by, updated_at) values
    ('global-sum-2018-19', 'Global sum per weighted patient, 2018/19', 88.96, 'GBP',
     'NHS England, GMS contract 2018/19: global sum payment per weighted patient', 'shipped',
     '2026-11-30T00:00:00Z');
