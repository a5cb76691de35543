-- A replacement request that fails to be acted on (a database error, a fault in the code) is tried again a few times,
-- each later than the last, and then deleted, so that one bad row never stops the requests behind it on ballot day
-- (common/inbox/InboxRows).
alter table replacement_inbox add column failures integer not null default 0;
alter table replacement_inbox add column try_after timestamptz;
