-- Messages still to send are found by their category and their secret link's reference (an event's reminders, to
-- withdraw them when the event moves) through this index, rather than by reading every message still to send: 200,000
-- of them when a ballot opens, read while a host's change holds the event and everyone registering for it waits.
-- Plain create index, in the migration's transaction: a large database can build the index first with create index
-- concurrently under the same name, which this then keeps.
create index if not exists outbox_pending_by_reference on outbox (category, secret_link_reference)
    where status = 'PENDING';
