-- The cap a practice asked for one day. The cap in force is never below what was already booked, so a clinician off
-- sick at 10:00 (asked 0) with three contacts booked has a cap of 3: only this says they are off, not merely full.
alter table clinician_day add column asked_cap integer check (asked_cap >= 0);
