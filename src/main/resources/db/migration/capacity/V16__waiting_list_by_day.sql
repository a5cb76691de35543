-- A practice's waiting list for a day (and the days carried onto it) found by the days the requests were put on the
-- list for. The list was read through contact_request_day by practice alone, every request the practice made in the
-- 13 months kept, to find the few dozen on the list: at 150 requests a working day, some 40,000 rows at each look at the list.
-- Only requests put on a waiting list are in it.
-- Plain create index, in the migration's transaction: the table is small when a test database migrates, and a large
-- database can build the index first with create index concurrently under the same name, which this then keeps.
create index if not exists contact_request_waiting_list on contact_request (ods_code, waitlisted_for)
    where waitlisted_for is not null;
