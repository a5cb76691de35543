-- The month an area's name is from. Kept as the last file imported gave it, a file for an earlier month imported after
-- a later one (the 2019-2021 CCG appointments files after this year's workforce) named the area as it was then: a CCG
-- long since gone. A file now names an area only if no file for a later month has.
alter table area_name
    add column named_for date check (extract(day from named_for) = 1);

-- A name kept before this is of no known month. It is taken to be of the latest month held for the area from a file
-- that names areas (appointments, workforce), so that an older file imported next cannot rename it; a file for that
-- month or a later one still does. A name held for no month (from a payments file only) gives way to any file.
update area_name
set named_for = latest.month
from (select code, max(month) as month
      from (select sub_icb_code as code, month from appointments_area
            union all select sub_icb_code, month from workforce_area
            union all select icb_code, month from workforce_practice where icb_code is not null) as held
      group by code) as latest
where latest.code = area_name.code;
