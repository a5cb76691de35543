-- The emails of a webinar's new joining link to those already reminded queued before they were numbered as notices of
-- a move went as 'event-cancel-link', like every other email to a registrant carrying a cancel link (none of whose
-- other subjects starts "New joining link: "). Those still to send become 'event-move-notice', so that the next change
-- of the event's time, place or joining link withdraws them too, rather than let them go later with the link and
-- details it replaced. Their reference, the registration's id alone, is that of a notice queued before they were
-- numbered (events V9): number 0, the place's latest until its next change.
update outbox set category = 'event-move-notice'
where status = 'PENDING' and category = 'event-cancel-link' and subject like 'New joining link: %';
