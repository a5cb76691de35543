-- A round claimed only to be marked done sent nothing: a scheduled point passed over for a later one, or skipped
-- because a round was sent by hand just before. The ten minutes a round sent by hand must wait after the last one
-- count from a round that went, never from one of these.
alter table reminder_round add column went boolean not null default true;

update reminder_round set went = false where started_by = 'system (superseded)';

