-- Day-before reminders queued before they had a category of their own went as 'event-cancel-link', like every other
-- email to a registrant carrying a cancel link (none of whose subjects starts "Reminder: "). Those still to send become
-- 'event-reminder', so that a change of the event's time, place or joining link replaces them too, rather than let
-- them go later with the old details. Their reference, the registration's id, is that of the place's first reminder.
update outbox set category = 'event-reminder'
where status = 'PENDING' and category = 'event-cancel-link' and subject like 'Reminder: %';
