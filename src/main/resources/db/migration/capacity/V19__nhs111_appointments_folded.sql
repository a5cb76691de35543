-- Of a count's requests, those booked with no clinician: an admin request the practice does not count, or one taken
-- while nobody was at work. An admin request from NHS 111 booked so is no same-day appointment (it uses none of NHS
-- 111's allowance, and the board does not count it), so the evidence leaves it out of the NHS 111 bookings once its
-- request is folded, as it does while the request is kept. Counts folded before this version do not say, and count as
-- before.
alter table request_count add column without_clinician integer not null default 0
    check (without_clinician between 0 and requests);
