-- A planned action the practice withdraws before its first day keeps its period, ending on the day it was to start:
-- it takes no day, so in_force, uptake and reminders never count it, and what was planned stays on the record.
alter table actions.action_period drop constraint action_period_check;
alter table actions.action_period drop constraint action_period_ended_how_check;
alter table actions.action_period
    add constraint action_period_ended_how_check check (ended_how in ('STOPPED', 'DE_ESCALATED', 'WITHDRAWN')),
    add constraint action_period_days check (
        to_on is null or (ended_how = 'WITHDRAWN' and to_on = from_on) or (ended_how <> 'WITHDRAWN' and to_on > from_on));

alter table actions.practice_event drop constraint practice_event_kind_check;
alter table actions.practice_event
    add constraint practice_event_kind_check check (kind in ('STARTED', 'STOPPED', 'DE_ESCALATED', 'WITHDRAWN', 'NOTE'));
