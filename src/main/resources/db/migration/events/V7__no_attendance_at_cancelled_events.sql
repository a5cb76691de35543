-- A cancelled event had nobody attend: attendance ticked before it was cancelled is forgotten, as cancelling now does,
-- also where the registrations were since counted into the event.
update registration r set attended = null
from event e
where e.id = r.event_id and e.status = 'CANCELLED' and r.attended is not null;

update event set kept_attended = 0 where status = 'CANCELLED' and kept_attended <> 0;
