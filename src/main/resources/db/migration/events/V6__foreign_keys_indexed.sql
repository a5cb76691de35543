-- An event's registrations, found by index whatever their status, so that an event deleted (its registrations go
-- with it) looks up its own rather than reading every event's. (ForeignKeysIndexedTests checks every foreign key has
-- such an index.)
-- Plain create index, in the migration's transaction: the table is small when a test database migrates, and a large
-- database can build the index first with create index concurrently under the same name, which this then keeps.
create index if not exists registration_event on registration (event_id);
