-- The notices of a new time or place to those with a place or waiting for one queued before they had a category of
-- their own went as 'event-cancel-link', like every other email to a registrant carrying a cancel link (none of whose
-- other subjects starts "Changed: "; the notice to someone not yet confirmed is 'event-changed', and carries no link).
-- Those still to send become 'event-move-notice', so that the next move of the event withdraws them too, rather than
-- let them go later with the details it replaced. Their reference, the registration's id alone, is that of a notice
-- queued before they were numbered (events V9).
update outbox set category = 'event-move-notice'
where status = 'PENDING' and category = 'event-cancel-link' and subject like 'Changed: %';
