-- The figures of England or of an area over a few weeks read those weeks' rows by these indexes, as request_count's
-- are read by day, rather than the whole of request_day and alert_state: 6,651 practices' rows for every day, and every
-- week, since the first. request_day is read by GET /api/capacity/demand, the evidence pages and the weekly alert
-- states; alert_state by the week's sitrep. (Their primary keys lead with the practice, which PostgreSQL 15 cannot
-- skip through.)
-- Plain create index, in the migration's transaction: the tables are small when a test database migrates, and a large
-- database can build the indexes first with create index concurrently under the same names, which this then keeps.
create index if not exists request_day_national on request_day (day);

create index if not exists alert_state_week on alert_state (week_of);
