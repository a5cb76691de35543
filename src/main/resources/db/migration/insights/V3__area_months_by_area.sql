-- An area's pages read its sub-ICB locations' months by location; keyed by month first, the tables were read whole
-- to find them.
create index appointments_area_by_area on appointments_area (sub_icb_code, month);
create index workforce_area_by_area on workforce_area (sub_icb_code, month);
