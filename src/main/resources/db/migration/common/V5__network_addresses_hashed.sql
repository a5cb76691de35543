-- Tries counted per network address are now counted under a keyed hash of the address's network (64 hexadecimal
-- digits), made from the database password, which the database does not hold, so a migration cannot rewrite those
-- counted under the address itself; they are deleted instead of kept, address and all, for the day each is kept. An
-- address paused across the upgrade may try again, up to its limit, at once.
delete from failed_attempt
where kind in (
        'SIGN_IN_ADDRESS', 'API_TOKEN_ADDRESS', 'METRICS_TOKEN_ADDRESS', 'SETUP_LINK_ADDRESS', 'PASSWORD_LINK_ADDRESS',
        'VOTING_LINK', 'RECEIPT_CHECK', 'REPLACEMENT_REQUEST',
        'PLEDGE_REQUEST', 'PLEDGE_LINK_TRY', 'PLEDGE_WITHDRAWAL_REQUEST',
        'JOIN_REQUEST', 'DETAILS_LINK_REQUEST', 'MEMBERSHIP_LINK_TRY',
        'EVENT_REGISTRATION', 'EVENT_LINK',
        'FRONT_DOOR_LOOKUP', 'FRONT_DOOR_REQUEST')
    and subject !~ '^[0-9a-f]{64}$';
