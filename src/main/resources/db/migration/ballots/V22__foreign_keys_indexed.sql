-- The rows naming a credential or a roll entry, found by index: the end of a ballot's retention deletes its 200,000
-- credentials and roll entries, and each row deleted looks for rows still naming it. Without these each look read the
-- whole of earlier_link or replacement_request, every ballot's rows in it. (ForeignKeysIndexedTests checks every
-- foreign key has such an index.)
-- Plain create index, in the migration's transaction: the tables are small when a test database migrates, and a
-- large database can build the index first with create index concurrently under the same name, which this then keeps.
create index if not exists earlier_link_credential on earlier_link (credential_id);

create index if not exists replacement_request_roll_entry on replacement_request (ballot_id, membership_number);
