-- The UK day of the clock's last pass over an open ballot's roll before its cut-off: a member can become eligible with
-- nothing changed about them (a partner's role recorded ahead of its start), so the clock adds such members once each
-- UK day, just after midnight. A ballot written before this counts as passed over today (the day it is migrated or
-- written in), so its first pass is at the next midnight; the events that added members until now still add them.
alter table ballot add column roll_updated_on date not null default (now() at time zone 'Europe/London')::date;
