-- A try counted before its slow check (a password) is marked as being checked until the check ends: a right one is
-- then cleared, a wrong one kept as a failure. A limit reached only with tries still being checked makes the next try
-- wait for them instead of refusing it, so the right password is not refused for others that may prove right too.
alter table failed_attempt add column checking boolean not null default false;
