-- A member's waiting request gains at most a few addresses an hour, and one asked for beyond them is not offered to
-- the scrutineer: but it may be the member's own, asked for after someone who knows their numbers asked for theirs.
-- The request now counts the addresses not kept, so that the scrutineer knows to ask the member for their address
-- rather than choose among those kept; the ballot's log names each.
alter table replacement_request
    add column addresses_not_kept integer not null default 0 check (addresses_not_kept >= 0);
