-- The independent scrutineer's certificate of a closed ballot's report: who, when, and any qualification to the
-- report's statements. A result is published only once certified; ballots published before this rule are left as
-- they were (not valid), every later row is checked.
alter table ballot
    add column certified_by   text,
    add column certified_at   timestamptz,
    add column qualifications text;

alter table ballot add constraint ballot_certificate_whole check ((certified_by is null) = (certified_at is null));
alter table ballot add constraint ballot_published_only_when_certified
    check (status <> 'PUBLISHED' or certified_at is not null) not valid;
