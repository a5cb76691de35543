-- A sub-ICB location's month added up from the practice-level file sets each practice's GP appointments against its own
-- GPs: the GP appointments of its practices whose workforce row gives them GPs, and the GPs of its practices with a
-- workforce row (null when none has one). Set against the location's workforce as a whole instead, GP appointments of
-- practices with no GP recorded, or none imported, were counted against the others' GPs, and a practice the workforce
-- file files under another location had its appointments here and its GPs there. Worked out again whenever the month's
-- practice-level appointments or its workforce are imported; a month from the sub-ICB file has none (null).
alter table appointments_area
    add column gp_of_practices_with_gps bigint check (gp_of_practices_with_gps >= 0),
    add column gp_fte_of_practices numeric(11, 2);

update appointments_area a
set gp_of_practices_with_gps = m.gp, gp_fte_of_practices = m.gp_fte
from (
    select p.month, p.sub_icb_code, coalesce(sum(p.gp) filter (where w.gp_fte > 0), 0) as gp, sum(w.gp_fte) as gp_fte
    from appointments_practice p
    left join workforce_practice w on w.month = p.month and w.ods_code = p.ods_code
    group by p.month, p.sub_icb_code
) m
where a.month = m.month and a.sub_icb_code = m.sub_icb_code and a.source = 'PRACTICE';
