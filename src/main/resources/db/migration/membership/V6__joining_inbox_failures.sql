-- A request to join that fails to be acted on (a member removed while it waited, a database error) is tried again a
-- few times, each later than the last, and then deleted, so that one bad row never stops the requests behind it.
alter table joining_inbox add column failures integer not null default 0;
alter table joining_inbox add column try_after timestamptz;
