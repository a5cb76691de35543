-- How many times the event's time, place or status has changed: its SEQUENCE in the calendar files (RFC 5545), so
-- calendar apps that saved the event or subscribe to the feed take the new time or place instead of keeping their
-- copy. Events changed before this count from 0; their LAST-MODIFIED (updated_at) is already kept.
alter table event add column revision integer not null default 0;
