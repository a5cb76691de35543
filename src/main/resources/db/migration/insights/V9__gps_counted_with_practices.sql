-- In a month where some sub-ICB locations are added up from the practice-level appointments file and others kept from
-- the sub-ICB file, a practice the appointments file files under one of the first and the workforce file under one of
-- the second had its GPs counted twice: with its appointments in the first (V8), and in the second's workforce. For a
-- location's month kept from the sub-ICB file, the GPs of its workforce's practices that the month's practice-level
-- file has, so counted with their appointments elsewhere, which its own GPs leave out; null when none. Worked out
-- again whenever the month's appointments (either file) or its workforce are imported.
alter table appointments_area
    add column gp_fte_counted_with_practices numeric(11, 2);

update appointments_area a
set gp_fte_counted_with_practices = m.gp_fte
from (
    select w.month, w.sub_icb_code, sum(w.gp_fte) as gp_fte
    from workforce_practice w
    join appointments_practice p on p.month = w.month and p.ods_code = w.ods_code
    group by w.month, w.sub_icb_code
) m
where a.month = m.month and a.sub_icb_code = m.sub_icb_code and a.source = 'SUB_ICB';
