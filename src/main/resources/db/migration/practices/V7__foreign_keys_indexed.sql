-- An LMC's areas, found by index, so that an LMC deleted (its areas go with it) looks up its own rather than reading
-- every LMC's. (ForeignKeysIndexedTests checks every foreign key has such an index.)
-- Plain create index, in the migration's transaction: the table is small when a test database migrates, and a large
-- database can build the index first with create index concurrently under the same name, which this then keeps.
create index if not exists lmc_area_lmc on lmc_area (lmc_id);
