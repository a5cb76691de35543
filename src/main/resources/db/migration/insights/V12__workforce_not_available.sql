-- Since February 2023 the practice-level workforce file writes 'NA' where it has no data for a practice's staff group
-- (before, 'ND' where data failed validation): such a practice's GPs are not known, which is not none. They are kept as
-- null, and the practice's patients are left out of its sub-ICB location's, as GPs with no patients already are.
alter table workforce_practice
    alter column gp_fte drop not null,
    alter column qualified_fte drop not null;
