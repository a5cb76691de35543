-- The swingometer finds a practice's latest payments year by its ODS code. The primary key leads with the year, which
-- PostgreSQL 15 cannot skip through, so the look-up read every year's payments (some 6,500 rows a year) for one row.
-- A table that grows by a file a year: plain create index, in the migration's transaction, and a large database can
-- build the index first with create index concurrently under the same name, which this then keeps.
create index if not exists payment_by_practice on payment (ods_code, year);
