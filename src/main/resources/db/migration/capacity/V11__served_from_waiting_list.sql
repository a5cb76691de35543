-- A patient on the waiting list booked with a clinician: the request that put them there served, not a new one. The
-- booking names that request (served_from) and says it came from the waiting list (from_waiting_list), which it still
-- says once the request it names has been added into the daily counts and deleted. The evidence counts it as the
-- waiting list served, never again as demand.
alter table contact_request
    add column served_from bigint references contact_request (id) on delete set null,
    add column from_waiting_list boolean not null default false,
    add constraint contact_request_served_from check (served_from is null or from_waiting_list),
    add constraint contact_request_from_waiting_list check (not from_waiting_list or outcome = 'BOOKED');

-- Each request on the waiting list is served at most once; a booking undone lets it be served again.
create unique index contact_request_served_once on contact_request (served_from)
    where served_from is not null and undone_at is null;
-- The fold into daily counts deletes whole days of requests; this finds the bookings that name one of them.
create index contact_request_served_from on contact_request (served_from) where served_from is not null;

-- Bookings from the waiting list added into the daily counts: kept apart from request_count, which counts demand.
alter table request_day add column served_from_waiting_list integer not null default 0
    check (served_from_waiting_list >= 0);
