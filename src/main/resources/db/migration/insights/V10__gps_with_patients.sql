-- A practice whose workforce row records GPs and no registered patients (a merged practice, its list counted under the
-- practice it joined) added its fully qualified GPs to its sub-ICB location's and England's patients per GP and none of
-- their patients. The months held are added up again without them; all GPs (gp_fte) still give appointments.
update workforce_area a
set qualified_fte = m.qualified_fte
from (
    select month, sub_icb_code, coalesce(sum(qualified_fte) filter (where total_patients > 0), 0) as qualified_fte
    from workforce_practice
    group by month, sub_icb_code
) m
where a.month = m.month and a.sub_icb_code = m.sub_icb_code;

update workforce_england e
set qualified_fte = m.qualified_fte
from (
    select month, sum(qualified_fte) as qualified_fte
    from workforce_area
    group by month
) m
where e.month = m.month;
