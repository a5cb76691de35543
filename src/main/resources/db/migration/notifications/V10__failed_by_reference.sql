-- Messages the dispatcher gave up on are found by their category and their secret link's reference (an event's
-- reminder being sent as a host moved the event, which failed for good, so that its place is reminded again as the
-- event now is) through this index, rather than by reading the outbox at every look for reminders.
create index outbox_failed_by_reference on outbox (category, secret_link_reference) where status = 'FAILED';
