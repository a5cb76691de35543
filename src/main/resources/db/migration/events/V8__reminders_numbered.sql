-- Each day-before reminder queued for a place is numbered, its number in its cancel link's reference, and only the
-- place's latest is sent. A change of the event's time, place or joining link supersedes those queued before it: one
-- still unsent is withdrawn and queued again with the new details, but one the dispatcher is sending at that moment is
-- not waited for (the mail server may take its time, or be down); if it does not go after all, it is not sent later
-- with the old details, and the place is due a reminder again. Places reminded before this version had one reminder.
alter table registration
    add column reminders           integer not null default 0,
    add column reminder_superseded boolean not null default false;

update registration set reminders = 1 where reminded_at is not null;
