-- A scheduled point skipped because a round was sent by hand just before it keeps when that round went, so that the
-- ballot's reminders page and API say which round it gave way to, rather than showing the point as if it was sent.
alter table reminder_round add column skipped_for timestamptz;

-- Points skipped before: the round by hand they gave way to is the last that went at or before they were marked done.
update reminder_round skipped set skipped_for = (
    select max(by_hand.started_at) from reminder_round by_hand
    where by_hand.ballot_id = skipped.ballot_id and by_hand.went and by_hand.round_key like 'manual-%'
      and by_hand.started_at <= skipped.started_at)
where skipped.started_by = 'system (skipped)';
