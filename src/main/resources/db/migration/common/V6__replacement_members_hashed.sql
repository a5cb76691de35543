-- Replacement requests acted on for a member are now counted under a keyed hash of the membership number (64
-- hexadecimal digits), made from the database password, which the database does not hold, so a migration cannot
-- rewrite those counted under the number itself; they are deleted instead of kept, number and all, for the day each is
-- kept. A member at their limit across the upgrade may be sent new links again, up to the limit, at once.
delete from failed_attempt
where kind = 'REPLACEMENT_FOR_MEMBER'
    and subject !~ '^[0-9a-f]{64}$';
