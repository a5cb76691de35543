-- Messages never delivered, given up on or withdrawn, are found by their category and their secret link's reference
-- (an event's reminder superseded by a move that was not sent after all, whose place the dispatcher left to the next
-- look for reminders as a host changing the event held it) through this index, rather than by reading the outbox at
-- every look for reminders. It replaces the index of failed messages alone (V10).
-- The outbox can be large (200,000 messages when a ballot opens, and every message sent or given up on is kept a
-- while). Plain create index, in the migration's transaction: a large database can build the index first with create
-- index concurrently under the same name, which this then keeps.
create index if not exists outbox_never_sent_by_reference on outbox (category, secret_link_reference)
    where status in ('FAILED', 'WITHDRAWN');
drop index if exists outbox_failed_by_reference;
