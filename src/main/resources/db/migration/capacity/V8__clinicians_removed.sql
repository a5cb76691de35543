-- A day gone by shows the clinicians it had, those removed from the set-up since among them: found by practice.
create index clinician_retired on clinician (ods_code, retired_at) where retired_at is not null;
