-- The requests booked with a clinician, found by index, so that a clinician's row deleted or its id changed looks up
-- that clinician's requests rather than reading every practice's. Only requests with a clinician are in it.
-- (ForeignKeysIndexedTests checks every foreign key has such an index.)
-- Plain create index, in the migration's transaction: the table is small when a test database migrates, and a large
-- database can build the index first with create index concurrently under the same name, which this then keeps.
create index if not exists contact_request_clinician on contact_request (clinician_id) where clinician_id is not null;
