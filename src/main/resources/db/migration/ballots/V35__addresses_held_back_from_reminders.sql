-- A reminder carries a working link, so a round sends none to a registered address someone other than the member set
-- after their first link went: it keeps the address on the member's waiting request for the scrutineer's check, as
-- the member's own request for a link there would. Such an address was never asked for, so the row counts the rounds
-- that held it back apart from the times it was asked for (none, until someone asks for it).
alter table replacement_request_address
    add column reminders_held_back integer not null default 0 check (reminders_held_back >= 0),
    add column last_held_back_at timestamptz,
    drop constraint replacement_request_address_times_check,
    add constraint replacement_request_address_times_check check (times >= 0),
    add constraint replacement_request_address_asked_or_held_back check (times > 0 or reminders_held_back > 0);
