-- England's workforce per month, added up from the month's sub-ICB locations when a file is imported. Every area's
-- page shows England's patients per GP beside its own, and added up there it read every location's rows of every
-- month; England's figures are the same sums, of the same rows, kept.
create table workforce_england (
    month          date           primary key check (extract(day from month) = 1),
    practices      integer        not null,
    total_patients bigint         not null,
    gp_fte         numeric(11, 2) not null,
    qualified_fte  numeric(11, 2) not null
);
insert into workforce_england (month, practices, total_patients, gp_fte, qualified_fte)
select month, sum(practices), sum(total_patients), sum(gp_fte), sum(qualified_fte)
from workforce_area
group by month;
