-- How an event's places stood when its registrations were deleted, a year after it (DayBeforeReminders): the
-- registrations are counted into these in the same statement that deletes them, and the counts a host sees are these
-- plus the registrations still kept, so an event's figures stay the same once nobody in them can be named.
alter table event add column kept_confirmed integer not null default 0 check (kept_confirmed >= 0);
alter table event add column kept_waiting integer not null default 0 check (kept_waiting >= 0);
alter table event add column kept_pending integer not null default 0 check (kept_pending >= 0);
alter table event add column kept_attended integer not null default 0 check (kept_attended >= 0);
