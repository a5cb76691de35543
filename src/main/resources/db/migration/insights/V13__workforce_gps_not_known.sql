-- A practice whose GPs the workforce file does not give ('NA' or 'ND' for all its GPs or for its fully qualified GPs)
-- is left out of its sub-ICB location's patients and of both its GP counts, so that the three are of the same
-- practices: left out of one count only, the location's GPs could be fewer than its fully qualified GPs. The location
-- keeps how many it left out, for the pages to say, and so that its GP appointments, which the sub-ICB appointments file
-- gives with those practices' in them, are not set against the others' GPs alone. A location none of whose practices'
-- GPs are known has GPs not known (null), not none. No month held has such a practice: before V12 one was refused.
alter table workforce_area
    add column practices_gps_not_known integer not null default 0,
    alter column gp_fte drop not null,
    alter column qualified_fte drop not null;
