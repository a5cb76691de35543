-- A member's details links, found by index, so that a member deleted (their links go with them) or renumbered looks up
-- their own rather than reading every member's. (ForeignKeysIndexedTests checks every foreign key has such an index.)
-- Plain create index, in the migration's transaction: the table is small when a test database migrates, and a large
-- database can build the index first with create index concurrently under the same name, which this then keeps.
create index if not exists details_link_member on details_link (membership_number);
