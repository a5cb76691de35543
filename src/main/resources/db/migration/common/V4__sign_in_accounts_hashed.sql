-- Wrong passwords for a staff account are now counted under a keyed hash of its email address (64 hexadecimal digits),
-- made from the database password, which the database does not hold, so a migration cannot rewrite those counted under
-- the address itself; they are deleted instead of kept, address and all, for the day each is kept. An account paused
-- across the upgrade may be tried again, up to its limit, at once.
delete from failed_attempt where kind = 'SIGN_IN_ACCOUNT' and subject !~ '^[0-9a-f]{64}$';
